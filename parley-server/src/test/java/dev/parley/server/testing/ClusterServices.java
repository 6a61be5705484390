package dev.parley.server.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * The shared services of cluster tests (PostgreSQL, Redis, RabbitMQ on this machine). Missing ones
 * skip the test with a message, or fail it under {@code CI=true}, where they must be up.
 */
public final class ClusterServices {
  public static final String DB_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
  public static final String REDIS_URL = "redis://127.0.0.1:6379";
  public static final String AMQP_URL = "amqp://guest:guest@127.0.0.1:5672";

  private ClusterServices() {}

  public static void require() {
    check("PostgreSQL", 5432);
    check("Redis", 6379);
    check("RabbitMQ", 5672);
  }

  private static void check(String name, int port) {
    if (reachable(port)) {
      return;
    }
    String message = name + " is not reachable on 127.0.0.1:" + port + "; cluster tests need it";
    if ("true".equals(System.getenv("CI"))) {
      fail(message + " (CI=true: .ci/run must start it)");
    }
    assumeTrue(false, message + ": skipped");
  }

  public static boolean reachable(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
