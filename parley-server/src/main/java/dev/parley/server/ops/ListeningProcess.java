package dev.parley.server.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server started as a child process, for the tests and the bench that run nodes in JVMs of their
 * own: its output is copied to a log file, and {@link #start} returns once it printed the line a
 * Parley node (or the bench's baseline server) prints when it listens, with the port it got.
 */
public record ListeningProcess(Process process, int port) {
  private static final Pattern LISTENING =
      Pattern.compile("(?:Parley|Baseline) listening on https?://[^:]+:(\\d+)");

  /**
   * Starts {@code command} with {@code env} added to this process's environment.
   *
   * @throws IllegalStateException when it exits or stays silent for {@code timeout}; the message
   *     holds its log
   */
  public static ListeningProcess start(
      List<String> command, Map<String, String> env, Path log, Duration timeout)
      throws IOException {
    Files.createDirectories(log.toAbsolutePath().getParent());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    CompletableFuture<Integer> port = new CompletableFuture<>();
    Thread.ofPlatform().daemon().start(() -> copyOutput(process, log, port));
    try {
      return new ListeningProcess(process, port.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
    } catch (Exception e) {
      process.destroyForcibly();
      throw new IllegalStateException(
          log.getFileName() + ": did not start: " + e + "\n" + Files.readString(log), e);
    }
  }

  private static void copyOutput(Process process, Path log, CompletableFuture<Integer> port) {
    try {
      ProcessOutput.copy(
          process,
          log,
          line -> {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
              port.complete(Integer.parseInt(m.group(1)));
            }
          });
      port.completeExceptionally(new IllegalStateException("exited: " + process.waitFor()));
    } catch (IOException | InterruptedException e) {
      port.completeExceptionally(e);
    }
  }
}
