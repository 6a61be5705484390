package dev.parley.server.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Stops and starts this machine's shared services for fault tests, with the same commands that
 * start them before every session and CI run. Every stop is paired with a start in a finally block
 * by the caller, so a failing test still leaves the services running.
 */
public final class ServiceControl {
  private ServiceControl() {}

  public static void stopRedis() {
    run(List.of("redis-cli", "-p", "6379", "shutdown", "nosave"));
    awaitPort(6379, false, Duration.ofSeconds(20));
  }

  public static void startRedis() {
    run(
        List.of(
            "redis-server",
            "--daemonize",
            "yes",
            "--bind",
            "127.0.0.1",
            "-::1",
            "--port",
            "6379",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            "/var/lib/redis",
            "--logfile",
            "/var/log/redis/ci.log"));
    awaitPort(6379, true, Duration.ofSeconds(30));
  }

  /**
   * Restarts the RabbitMQ application: connections drop, durable queues are recovered from disk.
   */
  public static void restartRabbit() {
    run(List.of("rabbitmqctl", "stop_app"));
    awaitPort(5672, false, Duration.ofSeconds(30));
    startRabbit();
  }

  public static void startRabbit() {
    run(List.of("rabbitmqctl", "start_app"));
    awaitPort(5672, true, Duration.ofSeconds(60));
  }

  public static void stopPostgres() {
    run(
        List.of(
            "pg_ctlcluster",
            "--skip-systemctl-redirect",
            postgresVersion(),
            "main",
            "stop",
            "-m",
            "fast"));
    awaitPort(5432, false, Duration.ofSeconds(30));
  }

  public static void startPostgres() {
    run(List.of("pg_ctlcluster", "--skip-systemctl-redirect", postgresVersion(), "main", "start"));
    awaitPort(5432, true, Duration.ofSeconds(60));
  }

  private static String postgresVersion() {
    try (Stream<Path> versions = Files.list(Path.of("/etc/postgresql"))) {
      return versions
          .map(p -> p.getFileName().toString())
          .sorted()
          .reduce((a, b) -> b)
          .orElseThrow();
    } catch (IOException e) {
      throw new IllegalStateException("no PostgreSQL cluster under /etc/postgresql", e);
    }
  }

  private static void run(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(90, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
      }
    } catch (IOException e) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static void awaitPort(int port, boolean open, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (ClusterServices.reachable(port) != open) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "port " + port + (open ? " did not open" : " did not close"));
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
