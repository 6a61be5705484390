package dev.parley.core.task;

import java.time.Instant;
import java.util.Map;

/** A queued task handed to a worker; {@code attempt} counts from 1. */
public record Task(
    String id, String kind, Map<String, String> payload, int attempt, Instant createdAt) {

  public String require(String key) {
    String value = payload.get(key);
    if (value == null) {
      throw new IllegalArgumentException("task " + id + " (" + kind + ") lacks " + key);
    }
    return value;
  }
}
