package dev.parley.server.config;

import static dev.parley.server.config.Checks.positive;
import static dev.parley.server.config.Checks.require;

import java.time.Duration;

/** The task queue's workers and retry policy, and the webhook timeout. */
public record TaskSettings(
    int workers, int maxAttempts, Duration retryBase, Duration retryMax, Duration webhookTimeout) {

  public TaskSettings {
    require(workers >= 1 && workers <= 256, "task-workers must be 1..256");
    require(maxAttempts >= 1, "task-max-attempts must be at least 1");
    require(positive(retryBase), "task-retry-base must be positive");
    require(retryMax.compareTo(retryBase) >= 0, "task-retry-max must be >= task-retry-base");
    require(positive(webhookTimeout), "webhook-timeout must be positive");
  }

  public static TaskSettings defaults() {
    return new TaskSettings(
        4, 8, Duration.ofSeconds(1), Duration.ofMinutes(10), Duration.ofSeconds(5));
  }
}
