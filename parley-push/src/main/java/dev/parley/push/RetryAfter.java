package dev.parley.push;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Reads an HTTP {@code Retry-After} header: how long a push service asks us to wait. */
public final class RetryAfter {

  /** Longest {@code Retry-After} honoured; a larger one is cut to this. */
  public static final Duration MAX = Duration.ofDays(1);

  private RetryAfter() {}

  /**
   * A {@code Retry-After} value as a delay from now: delta-seconds, or an HTTP-date (a past date is
   * zero). Null when absent or unparseable; at most {@link #MAX}.
   */
  public static Duration parse(String value, Clock clock) {
    if (value == null) {
      return null;
    }
    String v = value.trim();
    if (v.isEmpty()) {
      return null;
    }
    Duration delay;
    if (v.chars().allMatch(c -> c >= '0' && c <= '9')) {
      delay = v.length() > 9 ? MAX : Duration.ofSeconds(Long.parseLong(v));
    } else {
      try {
        ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
        delay = Duration.between(clock.instant(), at.toInstant());
      } catch (DateTimeParseException e) {
        return null;
      }
    }
    if (delay.isNegative()) {
      return Duration.ZERO;
    }
    return delay.compareTo(MAX) > 0 ? MAX : delay;
  }
}
