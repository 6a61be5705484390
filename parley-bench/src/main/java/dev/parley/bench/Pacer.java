package dev.parley.bench;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Open-loop pacing at a fixed rate: operation i is due at {@code start + i / rate}, whatever
 * happened to the ones before. A late sender sends at once, and the latency of the operation still
 * counts from its intended time (no coordinated omission). Prints a progress line every second.
 */
final class Pacer {
  /** One operation, given its number and its intended time (in the load's clock). */
  @FunctionalInterface
  interface Op {
    void run(long n, long intendedNanos);
  }

  /** What the progress line shows besides the elapsed time and the send rate. */
  interface Progress {
    String line();
  }

  private Pacer() {}

  /** Runs for {@code duration} at {@code rate} ops/s; returns the number of operations. */
  static long run(
      double rate,
      Duration duration,
      LongSupplier clock,
      Op op,
      LongSupplier sentCounter,
      Progress progress,
      String label) {
    long start = clock.getAsLong();
    long end = start + duration.toNanos();
    double period = 1e9 / rate;
    long n = 0;
    long nextReport = start + 1_000_000_000L;
    long lastSent = sentCounter.getAsLong();
    while (true) {
      long intended = start + (long) (n * period);
      if (intended >= end) {
        break;
      }
      long now = clock.getAsLong();
      if (now >= nextReport && label != null) {
        long sentNow = sentCounter.getAsLong();
        System.out.printf(
            "[%s] %5.1fs sent %,d/s %s%n",
            label, (now - start) / 1e9, sentNow - lastSent, progress.line());
        lastSent = sentNow;
        nextReport += 1_000_000_000L;
      }
      if (intended > now) {
        long wait = intended - now;
        if (wait > 50_000) {
          LockSupport.parkNanos(wait - 20_000);
        }
        continue;
      }
      op.run(n, intended);
      n++;
    }
    return n;
  }
}
