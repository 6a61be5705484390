package dev.parley.core.task;

import java.time.Duration;

/**
 * Exponential backoff: attempt n waits {@code base * 2^(n-1)}, capped at {@code max}; after {@code
 * maxAttempts} failed attempts a task is dead-lettered.
 */
public record RetryPolicy(int maxAttempts, Duration base, Duration max) {

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
  }

  public static RetryPolicy defaults() {
    return new RetryPolicy(8, Duration.ofSeconds(1), Duration.ofMinutes(10));
  }

  /** The delay after the given failed attempt (1-based), never below {@code notBefore}. */
  public Duration delayAfter(int attempt, Duration notBefore) {
    int shift = Math.min(Math.max(attempt - 1, 0), 30);
    Duration exp = base.multipliedBy(1L << shift);
    Duration delay = exp.compareTo(max) > 0 ? max : exp;
    return notBefore != null && notBefore.compareTo(delay) > 0 ? notBefore : delay;
  }

  public boolean exhausted(int attempt) {
    return attempt >= maxAttempts;
  }
}
