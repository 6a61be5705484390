package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.error.Unavailable;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Opening a PostgreSQL that is not there, or that never answers, fails with {@link Unavailable}
 * within seconds. Needs no PostgreSQL.
 */
class PostgresUnreachableTest {
  private static final Duration BOUND = Duration.ofSeconds(5);

  private static void assertUnavailableWithinBound(String url) {
    long began = System.nanoTime();
    assertThatThrownBy(() -> PostgresDatabase.open(url, "parley_unreachable", 2))
        .isInstanceOf(Unavailable.class)
        .hasMessageStartingWith("cannot connect to PostgreSQL");
    assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(BOUND);
  }

  @Test
  void closedPortIsUnavailable() {
    assertUnavailableWithinBound("jdbc:postgresql://127.0.0.1:1/test?user=postgres");
  }

  @Test
  void serverThatNeverAnswersIsUnavailable() throws Exception {
    List<Socket> held = new ArrayList<>();
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread.ofVirtual()
          .start(
              () -> {
                while (!silent.isClosed()) {
                  try {
                    held.add(silent.accept()); // accepted, never answered
                  } catch (Exception e) {
                    return;
                  }
                }
              });

      assertUnavailableWithinBound(
          "jdbc:postgresql://127.0.0.1:" + silent.getLocalPort() + "/test?user=postgres");
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
  }
}
