package dev.parley.server.json;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * RFC 3339 UTC times with milliseconds, {@code 2026-12-04T20:40:13.123Z}. Every message on the wire
 * carries one, so they are spelled here digit by digit instead of through a DateTimeFormatter,
 * which builds half a dozen objects per call.
 */
public final class UtcTime {
  private static final DateTimeFormatter FALLBACK =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final long MILLIS_PER_DAY = 86_400_000L;

  private UtcTime() {}

  /** The instant in RFC 3339 UTC with milliseconds (sub-milliseconds dropped), or null. */
  public static String format(Instant instant) {
    if (instant == null) {
      return null;
    }
    long millis;
    try {
      millis = instant.toEpochMilli();
    } catch (ArithmeticException e) {
      return FALLBACK.format(instant);
    }
    return format(millis, instant);
  }

  private static String format(long epochMillis, Instant instant) {
    long days = Math.floorDiv(epochMillis, MILLIS_PER_DAY);
    int ofDay = (int) Math.floorMod(epochMillis, MILLIS_PER_DAY);
    // Civil date from days since 1970-01-01, in eras of 400 years (H. Hinnant's algorithm).
    long z = days + 719_468;
    long era = Math.floorDiv(z, 146_097);
    int dayOfEra = (int) (z - era * 146_097);
    int yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
    int dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    int mp = (5 * dayOfYear + 2) / 153;
    int day = dayOfYear - (153 * mp + 2) / 5 + 1;
    int month = mp < 10 ? mp + 3 : mp - 9;
    long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
    if (year < 0 || year > 9999) {
      return FALLBACK.format(instant);
    }
    byte[] out = new byte[24];
    digits(out, 0, (int) year, 4);
    out[4] = '-';
    digits(out, 5, month, 2);
    out[7] = '-';
    digits(out, 8, day, 2);
    out[10] = 'T';
    digits(out, 11, ofDay / 3_600_000, 2);
    out[13] = ':';
    digits(out, 14, ofDay / 60_000 % 60, 2);
    out[16] = ':';
    digits(out, 17, ofDay / 1000 % 60, 2);
    out[19] = '.';
    digits(out, 20, ofDay % 1000, 3);
    out[23] = 'Z';
    return new String(out, StandardCharsets.US_ASCII);
  }

  private static void digits(byte[] out, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      out[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
  }
}
