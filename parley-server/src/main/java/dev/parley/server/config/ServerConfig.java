package dev.parley.server.config;

import static dev.parley.server.config.Checks.positive;
import static dev.parley.server.config.Checks.require;

import java.nio.file.Path;
import java.time.Duration;

/** Everything a node is configured with; checked once, before anything starts. */
public record ServerConfig(
    Listen listen,
    Backends backends,
    Path dataDir,
    Duration onlineTimeout,
    TaskSettings tasks,
    Limits limits,
    Duration sessionCacheTtl,
    int hashConcurrency,
    Duration shutdownGrace,
    PushSettings push) {

  public ServerConfig {
    require(positive(onlineTimeout), "online-timeout must be positive");
    require(
        push.webhookSecret() != null || !backends.isPostgres() || backends.singleNode(),
        "--store postgres runs several nodes, which must sign webhooks with one secret: set the"
            + " same --webhook-secret (PARLEY_WEBHOOK_SECRET) on every node");
    require(!sessionCacheTtl.isNegative(), "session-cache-ttl must not be negative");
    require(hashConcurrency >= 1, "hash-concurrency must be at least 1");
    require(!shutdownGrace.isNegative(), "shutdown-grace must not be negative");
  }

  /** The defaults of {@code parley serve}, on the given port and data directory. */
  public static ServerConfig defaults(int port, Path dataDir) {
    return new ServerConfig(
        new Listen("0.0.0.0", port, null, null, null),
        Backends.embedded(),
        dataDir,
        Duration.ofSeconds(60),
        TaskSettings.defaults(),
        Limits.defaults(),
        Duration.ofSeconds(30),
        2,
        Duration.ofSeconds(10),
        PushSettings.defaults());
  }

  public ServerConfig withListen(Listen newListen) {
    return new ServerConfig(
        newListen,
        backends,
        dataDir,
        onlineTimeout,
        tasks,
        limits,
        sessionCacheTtl,
        hashConcurrency,
        shutdownGrace,
        push);
  }

  public ServerConfig withBackends(Backends newBackends) {
    return new ServerConfig(
        listen,
        newBackends,
        dataDir,
        onlineTimeout,
        tasks,
        limits,
        sessionCacheTtl,
        hashConcurrency,
        shutdownGrace,
        push);
  }

  public ServerConfig withTasks(TaskSettings newTasks) {
    return new ServerConfig(
        listen,
        backends,
        dataDir,
        onlineTimeout,
        newTasks,
        limits,
        sessionCacheTtl,
        hashConcurrency,
        shutdownGrace,
        push);
  }

  public ServerConfig withLimits(Limits newLimits) {
    return new ServerConfig(
        listen,
        backends,
        dataDir,
        onlineTimeout,
        tasks,
        newLimits,
        sessionCacheTtl,
        hashConcurrency,
        shutdownGrace,
        push);
  }

  public ServerConfig withShutdownGrace(Duration grace) {
    return new ServerConfig(
        listen,
        backends,
        dataDir,
        onlineTimeout,
        tasks,
        limits,
        sessionCacheTtl,
        hashConcurrency,
        grace,
        push);
  }

  public ServerConfig withPush(PushSettings newPush) {
    return new ServerConfig(
        listen,
        backends,
        dataDir,
        onlineTimeout,
        tasks,
        limits,
        sessionCacheTtl,
        hashConcurrency,
        shutdownGrace,
        newPush);
  }
}
