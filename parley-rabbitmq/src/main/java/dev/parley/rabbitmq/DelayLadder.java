package dev.parley.rabbitmq;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The retry delays RabbitMQ can hold a task for: one TTL queue per bucket {@code shortest * 2^k} up
 * to {@code longest}. A wait is made of hops through these buckets, largest first.
 */
public record DelayLadder(Duration shortest, Duration longest) {
  /** Past this many buckets a ladder would only add idle queues. */
  private static final int MAX_BUCKETS = 24;

  public DelayLadder {
    if (shortest.toMillis() < 1) {
      throw new IllegalArgumentException("shortest must be at least 1 ms, was " + shortest);
    }
    if (longest.compareTo(shortest) < 0) {
      throw new IllegalArgumentException("longest " + longest + " is below shortest " + shortest);
    }
    if (count(shortest.toMillis(), longest.toMillis()) > MAX_BUCKETS) {
      throw new IllegalArgumentException(
          "more than " + MAX_BUCKETS + " buckets from " + shortest + " to " + longest);
    }
  }

  private static int count(long shortestMs, long longestMs) {
    int n = 0;
    for (long ms = shortestMs; ms <= longestMs; ms *= 2) {
      n++;
    }
    return n;
  }

  /**
   * 250 ms to about 8.5 min in 12 buckets: a retry of the default policy takes one to three hops.
   */
  public static DelayLadder defaults() {
    return new DelayLadder(Duration.ofMillis(250), Duration.ofMinutes(10));
  }

  /** One bucket only: every parked task is looked at again after {@code every}. */
  public static DelayLadder single(Duration every) {
    return new DelayLadder(every, every);
  }

  /** The bucket delays, shortest first, in whole milliseconds. */
  public List<Duration> buckets() {
    List<Duration> buckets = new ArrayList<>();
    for (long ms = shortest.toMillis(); ms <= longest.toMillis(); ms *= 2) {
      buckets.add(Duration.ofMillis(ms));
    }
    return buckets;
  }

  /**
   * The bucket of the next hop for a task due in {@code remaining}: the largest one that does not
   * overshoot, or the shortest when even that does (a task is never run early, at worst one
   * shortest bucket late).
   */
  public Duration hop(Duration remaining) {
    long left = remaining.toMillis();
    long ms = shortest.toMillis();
    while (ms * 2 <= longest.toMillis() && ms * 2 <= left) {
      ms *= 2;
    }
    return Duration.ofMillis(ms);
  }
}
