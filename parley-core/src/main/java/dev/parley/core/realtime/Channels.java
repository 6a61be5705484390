package dev.parley.core.realtime;

/** Channel names: one per thread, one per user (for events addressed to all its devices). */
public final class Channels {
  /** The node-wide channel every node listens to (session revocations). */
  public static final String NODES = "nodes";

  private Channels() {}

  public static String thread(String threadId) {
    return "t:" + threadId;
  }

  public static String user(String userId) {
    return "u:" + userId;
  }
}
