package dev.parley.core.model;

import java.util.Locale;
import java.util.Optional;

/** Where a device receives offline notifications. */
public enum Platform {
  WEBHOOK,
  APNS,
  FCM;

  private final String wire = name().toLowerCase(Locale.ROOT);

  public String wire() {
    return wire;
  }

  public static Optional<Platform> fromWire(String value) {
    return WireNames.find(values(), Platform::wire, value);
  }
}
