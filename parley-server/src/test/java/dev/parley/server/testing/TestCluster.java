package dev.parley.server.testing;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.parley.rabbitmq.DelayLadder;
import dev.parley.rabbitmq.Topology;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * N node processes on this machine's PostgreSQL, Redis and RabbitMQ, with a schema and a namespace
 * of their own, removed again on close.
 */
public final class TestCluster implements AutoCloseable {
  private final Path dir;
  private final String namespace;
  private final String schema;
  private final List<NodeProcess> nodes = new ArrayList<>();

  private TestCluster(Path dir) {
    String id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    this.dir = dir;
    this.namespace = "parley-ct-" + id;
    this.schema = "parley_ct_" + id;
  }

  public static TestCluster start(Path dir, int size) throws IOException {
    ClusterServices.require();
    TestCluster cluster = new TestCluster(dir);
    try {
      for (int i = 0; i < size; i++) {
        cluster.nodes.add(cluster.startNode(i));
      }
    } catch (IOException | RuntimeException e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  private NodeProcess startNode(int index) throws IOException {
    return NodeProcess.start(dir.resolve("node" + index + "-" + System.nanoTime()), options());
  }

  /** Replaces node {@code index} (after a kill) with a fresh process. */
  public NodeProcess restart(int index) throws IOException {
    nodes.get(index).close();
    NodeProcess node = startNode(index);
    nodes.set(index, node);
    return node;
  }

  public List<String> options() {
    return List.of(
        "--store=postgres",
        "--db-url=" + ClusterServices.DB_URL,
        "--db-schema=" + schema,
        "--bus=redis",
        "--redis-url=" + ClusterServices.REDIS_URL,
        "--queue=rabbitmq",
        "--amqp-url=" + ClusterServices.AMQP_URL,
        "--namespace=" + namespace,
        "--webhook-secret=cluster-test-webhook-secret",
        "--task-retry-base=200ms",
        "--task-retry-max=2s",
        "--task-max-attempts=50",
        "--send-rate=100000",
        "--send-burst=100000");
  }

  public NodeProcess node(int index) {
    return nodes.get(index);
  }

  public ApiClient client(int index) {
    return nodes.get(index).client();
  }

  @Override
  public void close() {
    for (NodeProcess node : nodes) {
      node.close();
    }
    try (var db = DriverManager.getConnection(ClusterServices.DB_URL);
        var statement = db.createStatement()) {
      statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } catch (Exception e) {
      System.err.println("could not drop test schema " + schema + ": " + e);
    }
    ConnectionFactory factory = new ConnectionFactory();
    try {
      factory.setUri(ClusterServices.AMQP_URL);
      try (Connection amqp = factory.newConnection();
          Channel channel = amqp.createChannel()) {
        for (String queue : new Topology(namespace, DelayLadder.defaults()).queues()) {
          channel.queueDelete(queue);
        }
      }
    } catch (Exception e) {
      System.err.println("could not delete test queues of " + namespace + ": " + e);
    }
  }
}
