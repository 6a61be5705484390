package dev.parley.bench;

import java.time.Duration;
import picocli.CommandLine.ITypeConverter;

/** Durations such as {@code 30s}, {@code 5m}, {@code 1h}, {@code 500ms} or ISO-8601. */
final class Durations implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    String v = value.trim().toLowerCase(java.util.Locale.ROOT);
    if (v.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
    }
    if (v.endsWith("s")) {
      return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
    }
    if (v.endsWith("m")) {
      return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
    }
    if (v.endsWith("h")) {
      return Duration.ofHours(Long.parseLong(v.substring(0, v.length() - 1)));
    }
    return Duration.parse(value);
  }
}
