package dev.parley.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A redis-server child process of this test, on a free port, that the test may kill and start
 * again: the shared server must never be stopped. Nothing is persisted.
 */
final class OwnRedisServer implements AutoCloseable {

  private final int port;
  private final Path log;
  private volatile Process process;

  private OwnRedisServer(int port) throws IOException {
    this.port = port;
    Files.createDirectories(Path.of("target"));
    this.log = Path.of("target", "own-redis-" + port + ".log");
    // Should the test JVM end early, the child must not outlive it.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  if (process != null) {
                    process.destroyForcibly();
                  }
                }));
  }

  static OwnRedisServer start() throws IOException, InterruptedException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    OwnRedisServer server = new OwnRedisServer(port);
    server.startProcess();
    return server;
  }

  String url() {
    return "redis://127.0.0.1:" + port;
  }

  /** Kills it with SIGKILL, as a crash would, and waits until it is gone. */
  void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Starts it again on the same port, empty, and waits until it answers. */
  void restart() throws IOException, InterruptedException {
    startProcess();
  }

  private void startProcess() throws IOException, InterruptedException {
    try {
      launch();
    } catch (IOException e) {
      String message = "redis-server could not be run (" + e.getMessage() + ")";
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException(message + ": CI needs it on the PATH", e);
      }
      Assumptions.abort(message + ": test skipped");
    }
    waitUntilItAnswers();
  }

  private void launch() throws IOException {
    process =
        new ProcessBuilder(
                "redis-server",
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
  }

  private void waitUntilItAnswers() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!answersPing()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "own redis-server did not start on " + port + ", see " + log);
      }
      Thread.sleep(10);
    }
  }

  private boolean answersPing() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      socket.setSoTimeout(500);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] reply = in.readNBytes(7);
      return new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n");
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() {
    if (process != null) {
      kill();
    }
  }
}
