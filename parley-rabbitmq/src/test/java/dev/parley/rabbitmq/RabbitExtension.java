package dev.parley.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.impl.NetworkConnection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RabbitMQ of the tests ({@code PARLEY_TEST_AMQP_URL}, else 127.0.0.1:5672 as guest): one admin
 * connection per run, fresh namespaces for each test, and afterwards the deletion of the queues the
 * test registered, never of any other. Unreachable: the tests are skipped, or fail when {@code
 * CI=true}.
 */
public final class RabbitExtension
    implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback {
  private static final Logger log = LoggerFactory.getLogger(RabbitExtension.class);
  private static final String URL =
      System.getenv().getOrDefault("PARLEY_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672");
  private static final boolean CI = "true".equalsIgnoreCase(System.getenv("CI"));

  private Admin admin;
  private final List<String> namespaces = new CopyOnWriteArrayList<>();
  private final Set<String> owned = ConcurrentHashMap.newKeySet();

  /** The admin connection, closed by JUnit when the run ends. */
  private record Admin(Connection connection) implements AutoCloseable {
    static Admin connect() {
      ConnectionFactory factory = new ConnectionFactory();
      try {
        factory.setUri(URL);
        factory.setAutomaticRecoveryEnabled(false);
        factory.setConnectionTimeout(3_000);
        return new Admin(factory.newConnection("parley tests admin"));
      } catch (Exception e) {
        throw new IllegalStateException(e.toString(), e);
      }
    }

    @Override
    public void close() throws IOException {
      connection.close();
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    try {
      admin =
          context
              .getRoot()
              .getStore(ExtensionContext.Namespace.create(RabbitExtension.class))
              .computeIfAbsent("admin", key -> Admin.connect(), Admin.class);
    } catch (RuntimeException e) {
      String message =
          "RabbitMQ is not reachable at "
              + RabbitSettings.of(URL, "x").redactedUrl()
              + " ("
              + e.getMessage()
              + ")";
      if (CI) {
        throw new AssertionError(message + ": CI=true requires it", e);
      }
      Assumptions.abort(message + ": skipping the RabbitMQ tests (set CI=true to fail instead)");
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    namespaces.clear();
    owned.clear();
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    for (String queue : owned) {
      try (Channel channel = admin.connection().createChannel()) {
        channel.queueDelete(queue);
      } catch (IOException e) {
        log.debug("queue {} was already gone", queue); // a failed delete closes that channel only
      }
    }
    owned.clear();
    namespaces.clear();
  }

  public String url() {
    return URL;
  }

  /** A namespace no other test or run uses. */
  public String namespace() {
    String ns =
        "parley-test-"
            + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt())
            + "-"
            + namespaces.size();
    namespaces.add(ns);
    return ns;
  }

  /** Deletes the topology's queues after the test; only those of this test's namespaces. */
  public void own(Topology topology) {
    assertThat(namespaces).as("a namespace of this test").contains(topology.namespace());
    owned.addAll(topology.queues());
  }

  /** Something to do on a fresh admin channel. */
  @FunctionalInterface
  public interface ChannelWork<T> {
    T run(Channel channel) throws Exception;
  }

  /** Runs {@code work} on a fresh channel (a failed declare closes only that one). */
  public <T> T withChannel(ChannelWork<T> work) throws Exception {
    try (Channel channel = admin.connection().createChannel()) {
      return work.run(channel);
    }
  }

  /**
   * Has the broker close these (our own) client connections, as an operator or a network fault
   * would: {@code rabbitmqctl close_connection}, found by the client's local port.
   */
  public void forceClose(Connection... connections) throws Exception {
    List<String> lines = rabbitmqctl("-q", "list_connections", "pid", "peer_port");
    List<Process> closes = new ArrayList<>();
    for (Connection connection : connections) {
      String port = Integer.toString(((NetworkConnection) connection).getLocalPort());
      String pid =
          lines.stream()
              .map(line -> line.split("\t"))
              .filter(cols -> cols.length == 2 && cols[1].trim().equals(port))
              .map(cols -> cols[0].trim())
              .findFirst()
              .orElseThrow(() -> new AssertionError("no broker connection from port " + port));
      closes.add(
          new ProcessBuilder("rabbitmqctl", "-q", "close_connection", pid, "parley test: forced")
              .redirectErrorStream(true)
              .start());
    }
    for (Process close : closes) {
      finish(close, "close_connection");
    }
  }

  private static List<String> rabbitmqctl(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("rabbitmqctl"));
    command.addAll(List.of(args));
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      String message = "rabbitmqctl is needed to force-close connections: " + e.getMessage();
      if (CI) {
        throw new AssertionError(message, e);
      }
      Assumptions.abort(message);
      throw e;
    }
    return finish(process, args[1]).lines().filter(l -> !l.isBlank()).toList();
  }

  private static String finish(Process process, String what) throws Exception {
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("rabbitmqctl " + what + " timed out");
    }
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.exitValue() != 0) {
      throw new AssertionError("rabbitmqctl " + what + " failed: " + out);
    }
    return out;
  }
}
