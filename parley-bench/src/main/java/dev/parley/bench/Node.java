package dev.parley.bench;

import dev.parley.server.ops.ListeningProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A server under test in its own JVM, started from this jar: a Parley node ({@code
 * dev.parley.server.Main serve}) or the {@link BaselineServer}. Its output goes to a log file.
 */
public final class Node implements AutoCloseable {
  /** One webhook secret for the nodes of this bench run (256 random bits, hex). */
  private static final String WEBHOOK_SECRET = HexFormat.of().formatHex(randomBytes(32));

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
    ListeningProcess started =
        ListeningProcess.start(command, env, dir.resolve(name + ".log"), Duration.ofSeconds(90));
    return new Node(name, started.process(), started.port());
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
