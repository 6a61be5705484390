package dev.parley.redis;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Logs a recurring failure at most once per interval, with how many were left out, so that a Redis
 * outage under load writes a few lines instead of one per message.
 */
final class RateLimitedLog {

  private final Logger log;
  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private final AtomicLong nextAt;
  private final AtomicLong suppressed = new AtomicLong();

  RateLimitedLog(Logger log, Duration interval) {
    this(log, interval, System::nanoTime);
  }

  RateLimitedLog(Logger log, Duration interval, LongSupplier nanoTime) {
    this.log = log;
    this.intervalNanos = interval.toNanos();
    this.nanoTime = nanoTime;
    this.nextAt = new AtomicLong(nanoTime.getAsLong());
  }

  /** Logs a warning now if none was logged within the interval; otherwise counts it. */
  boolean warn(String message, Throwable cause) {
    long now = nanoTime.getAsLong();
    long next = nextAt.get();
    if (now - next < 0 || !nextAt.compareAndSet(next, now + intervalNanos)) {
      suppressed.incrementAndGet();
      return false;
    }
    long left = suppressed.getAndSet(0);
    String detail = cause == null ? "" : ": " + cause;
    if (left > 0) {
      log.warn("{}{} ({} similar left out)", message, detail, left);
    } else {
      log.warn("{}{}", message, detail);
    }
    return true;
  }
}
