package dev.parley.server.config;

import java.nio.file.Path;
import java.time.Duration;

/** Everything a node is configured with; checked once, before anything starts. */
public record ServerConfig(
    String host,
    int port,
    Path dataDir,
    Duration onlineTimeout,
    int taskWorkers,
    int taskMaxAttempts,
    Duration taskRetryBase,
    Duration taskRetryMax,
    Duration webhookTimeout,
    int maxGroupMembers,
    Duration sessionCacheTtl,
    int hashConcurrency,
    Duration shutdownGrace) {

  public ServerConfig {
    require(port >= 0 && port <= 65535, "port must be 0..65535");
    require(positive(onlineTimeout), "online-timeout must be positive");
    require(taskWorkers >= 1 && taskWorkers <= 256, "task-workers must be 1..256");
    require(taskMaxAttempts >= 1, "task-max-attempts must be at least 1");
    require(positive(taskRetryBase), "task-retry-base must be positive");
    require(
        taskRetryMax.compareTo(taskRetryBase) >= 0, "task-retry-max must be >= task-retry-base");
    require(positive(webhookTimeout), "webhook-timeout must be positive");
    require(maxGroupMembers >= 2, "max-group-members must be at least 2");
    require(!sessionCacheTtl.isNegative(), "session-cache-ttl must not be negative");
    require(hashConcurrency >= 1, "hash-concurrency must be at least 1");
    require(!shutdownGrace.isNegative(), "shutdown-grace must not be negative");
  }

  /** The defaults of {@code parley serve}, on the given port and data directory. */
  public static ServerConfig defaults(int port, Path dataDir) {
    return new ServerConfig(
        "0.0.0.0",
        port,
        dataDir,
        Duration.ofSeconds(60),
        4,
        8,
        Duration.ofSeconds(1),
        Duration.ofMinutes(10),
        Duration.ofSeconds(5),
        10_000,
        Duration.ofSeconds(30),
        2,
        Duration.ofSeconds(10));
  }

  private static boolean positive(Duration d) {
    return d != null && !d.isNegative() && !d.isZero();
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
