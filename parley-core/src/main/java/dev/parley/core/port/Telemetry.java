package dev.parley.core.port;

import dev.parley.core.model.Platform;

/** Counts what the services do, for /metrics. */
public interface Telemetry {
  Telemetry NONE = new Telemetry() {};

  default void messageStored() {}

  /** A notification to a device of {@code platform} was given up: it goes to the dead letters. */
  default void notificationDeadLettered(Platform platform) {}
}
