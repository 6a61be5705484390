package dev.parley.server.testing;

import dev.parley.server.app.Parley;
import dev.parley.server.config.ServerConfig;
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
        "127.0.0.1",
        0,
        dataDir,
        d.onlineTimeout(),
        2,
        d.taskMaxAttempts(),
        Duration.ofMillis(200),
        Duration.ofSeconds(2),
        Duration.ofSeconds(2),
        d.maxGroupMembers(),
        d.sessionCacheTtl(),
        4,
        Duration.ofSeconds(2));
  }

  public void start() {
    parley =
        Parley.start(
            tweak.apply(config(dataDir)),
            Clock.tickMillis(java.time.ZoneOffset.UTC),
            new Argon2Hasher(1024, 1, 4));
  }

  public void stop() {
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
