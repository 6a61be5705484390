package dev.parley.core.model;

import java.util.Locale;
import java.util.Optional;

/** Where a device receives offline notifications. */
public enum Platform {
  WEBHOOK,
  APNS,
  FCM;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Platform> fromWire(String value) {
    for (Platform p : values()) {
      if (p.wire().equals(value)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
