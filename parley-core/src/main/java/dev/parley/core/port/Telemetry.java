package dev.parley.core.port;

/** Counts what the services do, for /metrics. */
public interface Telemetry {
  Telemetry NONE = new Telemetry() {};

  default void messageStored() {}
}
