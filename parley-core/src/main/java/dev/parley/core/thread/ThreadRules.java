package dev.parley.core.thread;

/** Configurable limits of threads. */
public record ThreadRules(int maxGroupMembers, int maxTitleLength, int maxNicknameLength) {
  public static ThreadRules defaults() {
    return new ThreadRules(10_000, 100, 64);
  }
}
