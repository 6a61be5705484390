package dev.parley.server.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class UtcTimeTest {
  private static final DateTimeFormatter REFERENCE =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  @Test
  void spellsRfc3339WithMillisecondsInUtc() {
    assertEquals(
        "2026-12-04T20:40:13.007Z", UtcTime.format(Instant.parse("2026-12-04T20:40:13.007Z")));
    assertEquals("1970-01-01T00:00:00.000Z", UtcTime.format(Instant.EPOCH));
  }

  @Test
  void agreesWithDateTimeFormatterOnDatesAcrossTheCalendar() {
    SplittableRandom random = new SplittableRandom(7);
    long min = Instant.parse("0000-01-01T00:00:00Z").toEpochMilli();
    long max = Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();
    for (int i = 0; i < 200_000; i++) {
      Instant t = Instant.ofEpochMilli(random.nextLong(min, max + 1));
      assertEquals(REFERENCE.format(t), UtcTime.format(t), t::toString);
    }
  }

  @Test
  void handlesLeapDaysCenturiesAndTheEdgesOfTheFourDigitYears() {
    for (String s :
        new String[] {
          "2024-02-29T23:59:59.999Z",
          "2000-02-29T12:00:00.000Z",
          "1900-03-01T00:00:00.000Z",
          "1969-12-31T23:59:59.999Z",
          "0000-01-01T00:00:00.000Z",
          "9999-12-31T23:59:59.999Z"
        }) {
      assertEquals(s, UtcTime.format(Instant.parse(s)));
    }
  }

  @Test
  void dropsSubMillisecondDigitsAsTheFormatterDoes() {
    Instant t = Instant.parse("2026-12-04T20:40:13.123456789Z");
    assertEquals(REFERENCE.format(t), UtcTime.format(t));
  }

  @Test
  void fallsBackOutsideFourDigitYearsAndKeepsNull() {
    Instant far = Instant.parse("+10000-01-01T00:00:00Z");
    assertEquals(REFERENCE.format(far), UtcTime.format(far));
    Instant before = Instant.parse("-0001-12-31T23:59:59.999Z");
    assertEquals(REFERENCE.format(before), UtcTime.format(before));
    assertNull(UtcTime.format(null));
  }
}
