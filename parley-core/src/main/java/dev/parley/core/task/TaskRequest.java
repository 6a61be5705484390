package dev.parley.core.task;

import java.util.Map;

/**
 * A description of slow work to queue, never a user message: e.g. "notify the members of thread T
 * about seq 42". The id makes retries of an enqueue harmless.
 */
public record TaskRequest(String id, String kind, Map<String, String> payload) {
  public TaskRequest {
    payload = Map.copyOf(payload);
  }
}
