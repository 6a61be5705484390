package dev.parley.core.limit;

import dev.parley.core.error.RateLimited;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets by key (a user, an address, a username): {@code burst} tokens at most, refilled at
 * {@code perSecond}. Time comes from the injected clock, so tests need no sleeping. The map is
 * bounded: past {@code maxKeys}, buckets that have refilled completely are dropped, which loses
 * nothing since a full bucket is what a new key gets.
 */
public final class RateLimiter {
  private static final class Bucket {
    double tokens;
    long updatedNanos;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.updatedNanos = now;
    }
  }

  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final Clock clock;
  private final double perSecond;
  private final int burst;
  private final int maxKeys;
  private final String what;

  public RateLimiter(Clock clock, double perSecond, int burst, int maxKeys, String what) {
    this.clock = clock;
    this.perSecond = perSecond;
    this.burst = burst;
    this.maxKeys = maxKeys;
    this.what = what;
  }

  /** A limiter of {@code count} events per minute, all of which may come at once. */
  public static RateLimiter perMinute(Clock clock, int count, String what) {
    return new RateLimiter(clock, count / 60.0, count, 100_000, what);
  }

  /**
   * Takes one token for the key.
   *
   * @throws RateLimited with the time until a token is back, when none is left
   */
  public void acquire(String key) {
    long now = nanos();
    if (buckets.size() >= maxKeys) {
      evictFull(now);
    }
    Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(burst, now));
    synchronized (bucket) {
      refill(bucket, now);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return;
      }
      double missing = 1 - bucket.tokens;
      long waitMillis = (long) Math.ceil(missing / perSecond * 1000);
      throw new RateLimited(
          "too many " + what + ", slow down", Duration.ofMillis(Math.max(waitMillis, 1)));
    }
  }

  private void refill(Bucket bucket, long now) {
    double elapsed = (now - bucket.updatedNanos) / 1e9;
    bucket.tokens = Math.min(burst, bucket.tokens + elapsed * perSecond);
    bucket.updatedNanos = now;
  }

  private void evictFull(long now) {
    buckets
        .entrySet()
        .removeIf(
            e -> {
              synchronized (e.getValue()) {
                refill(e.getValue(), now);
                return e.getValue().tokens >= burst;
              }
            });
  }

  private long nanos() {
    return clock.millis() * 1_000_000L;
  }
}
