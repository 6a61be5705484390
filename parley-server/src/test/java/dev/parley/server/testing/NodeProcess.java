package dev.parley.server.testing;

import dev.parley.server.ops.ListeningProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Parley node in its own JVM, started from the test's classpath with {@code serve} and the given
 * options, so that tests can kill it with SIGKILL or run several at once. Its output goes to a log
 * file beside its data.
 */
public final class NodeProcess implements AutoCloseable {
  private final Process process;
  private final Path log;
  private final int port;

  private NodeProcess(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  /** Starts a node on a free port of 127.0.0.1 and returns once it listens (or fails). */
  public static NodeProcess start(Path dir, List<String> options) throws IOException {
    Files.createDirectories(dir);
    Path log = dir.resolve("node.log");
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-Xmx512m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("dev.parley.server.Main");
    command.add("serve");
    command.add("--host=127.0.0.1");
    command.add("--port=0");
    command.add("--data-dir=" + dir.resolve("data"));
    command.add("--hash-concurrency=4");
    command.addAll(options);
    ListeningProcess started =
        ListeningProcess.start(command, Map.of(), log, Duration.ofSeconds(60));
    return new NodeProcess(started.process(), log, started.port());
  }

  public int port() {
    return port;
  }

  public ApiClient client() {
    return new ApiClient(port);
  }

  public long pid() {
    return process.pid();
  }

  public String log() throws IOException {
    return Files.readString(log);
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM and wait for the graceful shutdown. */
  public void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    try {
      kill();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
