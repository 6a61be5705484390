package dev.parley.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server under test in its own JVM, started from this jar: a Parley node ({@code
 * dev.parley.server.Main serve}) or the {@link BaselineServer}. Its output goes to a log file.
 */
public final class Node implements AutoCloseable {
  /** One webhook secret for the nodes of this bench run (256 random bits, hex). */
  private static final String WEBHOOK_SECRET = HexFormat.of().formatHex(randomBytes(32));

  private static final Pattern LISTENING =
      Pattern.compile("(?:Parley|Baseline) listening on https?://[^:]+:(\\d+)");

  private final String name;
  private final Process process;
  private final int port;

  private Node(String name, Process process, int port) {
    this.name = name;
    this.process = process;
    this.port = port;
  }

  /** The java binary and the classpath of this JVM, so that children run the same code. */
  static List<String> java(List<String> jvmOptions, String mainClass) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("--sun-misc-unsafe-memory-access=allow");
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    return command;
  }

  public static Node parley(String name, Path dir, List<String> jvm, List<String> serveOptions)
      throws IOException {
    List<String> command = java(jvm, "dev.parley.server.Main");
    command.add("serve");
    command.add("--host=127.0.0.1");
    command.add("--port=0");
    command.add("--data-dir=" + dir.resolve("data"));
    command.addAll(serveOptions);
    // Nodes sharing a PostgreSQL store must sign webhooks with one secret; given in the
    // environment, it stays out of the command line and the result files.
    return start(name, dir, command, Map.of("PARLEY_WEBHOOK_SECRET", WEBHOOK_SECRET));
  }

  public static Node baseline(String name, Path dir, List<String> jvm, int instances)
      throws IOException {
    List<String> command = java(jvm, BaselineServer.class.getName());
    command.add("127.0.0.1");
    command.add("0");
    command.add(Integer.toString(instances));
    return start(name, dir, command, Map.of());
  }

  private static Node start(String name, Path dir, List<String> command, Map<String, String> env)
      throws IOException {
    Files.createDirectories(dir);
    Path log = dir.resolve(name + ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    CompletableFuture<Integer> port = new CompletableFuture<>();
    Thread.ofPlatform().daemon().start(() -> copy(process, log, port));
    try {
      return new Node(name, process, port.get(90, TimeUnit.SECONDS));
    } catch (Exception e) {
      process.destroyForcibly();
      throw new IllegalStateException(
          name + " did not start: " + e + "\n" + Files.readString(log), e);
    }
  }

  private static void copy(Process process, Path log, CompletableFuture<Integer> port) {
    try (BufferedReader in =
            new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        var out = Files.newBufferedWriter(log)) {
      String line;
      while ((line = in.readLine()) != null) {
        out.write(line);
        out.newLine();
        out.flush();
        Matcher m = LISTENING.matcher(line);
        if (m.find()) {
          port.complete(Integer.parseInt(m.group(1)));
        }
      }
      port.completeExceptionally(new IllegalStateException("exited: " + process.waitFor()));
    } catch (IOException | InterruptedException e) {
      port.completeExceptionally(e);
    }
  }

  public String name() {
    return name;
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** Resident set size in bytes, from /proc/PID/status (VmRSS); -1 when unreadable. */
  public long rssBytes() {
    return ProcStats.rssBytes(process.pid());
  }

  /** Heap in use in bytes as {@code jcmd GC.heap_info} reports it; after a full GC if asked. */
  public long heapBytes(boolean gcFirst) {
    return ProcStats.heapBytes(process.pid(), gcFirst);
  }

  /** SIGTERM, then SIGKILL after 30 s. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    new SecureRandom().nextBytes(bytes);
    return bytes;
  }
}
