package dev.parley.core.port;

import java.security.SecureRandom;
import java.time.Clock;

/**
 * ULID-style ids: 48 bits of milliseconds then 80 random bits, as 26 Crockford base-32 characters.
 * They sort by creation time, which keeps index inserts at the end of the b-tree. Within one
 * millisecond the random part counts up, so ids of one node stay ordered.
 */
public final class TimeOrderedIds implements IdSource {
  private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();

  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private long lastMillis = -1;
  private long high; // 16 random bits
  private long low; // 64 random bits

  public TimeOrderedIds(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized String next() {
    long millis = Math.max(clock.millis(), lastMillis);
    if (millis == lastMillis) {
      low++;
      if (low == 0) {
        high = (high + 1) & 0xFFFF;
      }
    } else {
      lastMillis = millis;
      high = random.nextInt(1 << 16);
      low = random.nextLong();
    }
    return encode(millis, high, low);
  }

  private static String encode(long millis, long high, long low) {
    char[] out = new char[26];
    // 128 bits = 48 time + 16 high + 64 low, read 5 bits at a time from the top (130 bits padded).
    for (int i = 25; i >= 0; i--) {
      int bitFromEnd = (25 - i) * 5;
      out[i] = ALPHABET[(int) bits(millis, high, low, bitFromEnd)];
    }
    return new String(out);
  }

  private static long bits(long millis, long high, long low, int shift) {
    long value = 0;
    for (int b = 0; b < 5; b++) {
      value |= bit(millis, high, low, shift + b) << b;
    }
    return value;
  }

  private static long bit(long millis, long high, long low, int index) {
    if (index < 64) {
      return (low >>> index) & 1;
    }
    if (index < 80) {
      return (high >>> (index - 64)) & 1;
    }
    if (index < 128) {
      return (millis >>> (index - 80)) & 1;
    }
    return 0;
  }
}
