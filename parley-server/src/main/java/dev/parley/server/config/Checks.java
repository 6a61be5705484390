package dev.parley.server.config;

import java.time.Duration;

/** Configuration checks that name the option at fault. */
final class Checks {
  private Checks() {}

  static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  static boolean positive(Duration d) {
    return d != null && !d.isNegative() && !d.isZero();
  }
}
