package dev.parley.server.testing;

import dev.parley.server.app.Parley;
import dev.parley.server.config.Backends;
import dev.parley.server.config.Limits;
import dev.parley.server.config.Listen;
import dev.parley.server.config.PushSettings;
import dev.parley.server.config.ServerConfig;
import dev.parley.server.config.TaskSettings;
import dev.parley.server.security.Argon2Hasher;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * A real node on a free port of 127.0.0.1 with its own data directory. Argon2id runs with a small
 * memory cost so that tests can register many users quickly.
 */
public final class TestServer implements AutoCloseable {
  private final Path dataDir;
  private final UnaryOperator<ServerConfig> tweak;
  private Parley parley;
  private int lastPort;

  public TestServer(Path dataDir) {
    this(dataDir, UnaryOperator.identity());
  }

  public TestServer(Path dataDir, UnaryOperator<ServerConfig> tweak) {
    this.dataDir = dataDir;
    this.tweak = tweak;
    start();
  }

  public static ServerConfig config(Path dataDir) {
    ServerConfig d = ServerConfig.defaults(0, dataDir);
    return new ServerConfig(
        new Listen("127.0.0.1", 0, null, null, null),
        Backends.embedded(),
        dataDir,
        d.onlineTimeout(),
        new TaskSettings(
            2,
            d.tasks().maxAttempts(),
            Duration.ofMillis(200),
            Duration.ofSeconds(2),
            Duration.ofSeconds(2)),
        // Tests send and log in far faster than people: limits are raised unless a test is about
        // them.
        new Limits(
            d.limits().maxGroupMembers(), 100_000, 100_000, 100_000, 100_000, 64, 1 << 20, 1024),
        d.sessionCacheTtl(),
        4,
        Duration.ofSeconds(2),
        PushSettings.defaults());
  }

  /** Starts the node; after a restart it listens on the port it had, so clients can reconnect. */
  public void start() {
    ServerConfig config = tweak.apply(config(dataDir));
    if (lastPort > 0) {
      config = config.withListen(config.listen().withPort(lastPort));
    }
    parley =
        Parley.start(
            config, Clock.tickMillis(java.time.ZoneOffset.UTC), new Argon2Hasher(1024, 1, 4));
  }

  public void stop() {
    lastPort = parley.port();
    parley.stop();
  }

  public void restart() {
    stop();
    start();
  }

  public Parley parley() {
    return parley;
  }

  public ApiClient client() {
    return new ApiClient(parley.port());
  }

  public int port() {
    return parley.port();
  }

  @Override
  public void close() {
    stop();
  }
}
