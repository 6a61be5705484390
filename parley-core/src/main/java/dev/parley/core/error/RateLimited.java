package dev.parley.core.error;

import java.time.Duration;

/** Too many requests (429); the caller may retry after {@link #retryAfter()}. */
public final class RateLimited extends ParleyException {
  private final Duration retryAfter;

  public RateLimited(String message, Duration retryAfter) {
    super("rate_limited", message);
    this.retryAfter = retryAfter;
  }

  public Duration retryAfter() {
    return retryAfter;
  }
}
