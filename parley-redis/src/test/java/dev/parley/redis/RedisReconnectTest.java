package dev.parley.redis;

import static dev.parley.redis.Recorder.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.core.realtime.Delivery;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A Redis of the test's own is killed with SIGKILL and started again on the same port. */
class RedisReconnectTest {

  private static final Logger LOG = LoggerFactory.getLogger(RedisReconnectTest.class);

  @RegisterExtension static final RedisExtension redis = new RedisExtension();

  private final Recorder onA = new Recorder();
  private final Recorder onB = new Recorder();
  private OwnRedisServer server;
  private RedisChannelBus a;
  private RedisChannelBus b;
  private RedisClients watcher;

  @BeforeEach
  void startServerAndTwoNodes() throws Exception {
    server = redis.closeAfterTest(OwnRedisServer.start());
    watcher = redis.node(server.url(), redis.namespace());
    a = new RedisChannelBus(redis.node(server.url(), redis.namespace()), onA);
    b = new RedisChannelBus(redis.node(server.url(), redis.namespace()), onB);
    a.subscribe("t:1", "a1");
    b.subscribe("t:1", "b1");
    b.subscribe("t:2", "b1");
    awaitNumsub("t:1", 2);
    awaitNumsub("t:2", 1);
  }

  @AfterEach
  void noChildLeftBehind() {
    server.close();
  }

  /** At once, and after 2 s down, when the reconnect backoff has grown to its 1 s cap. */
  @ParameterizedTest
  @ValueSource(ints = {0, 2_000})
  void deliveryResumesByItselfAfterRedisIsKilledAndRestarted(int downMillis) throws Exception {
    b.publish("t:1", Delivery.frame(bytes("before")));
    await().atMost(Duration.ofSeconds(5)).until(() -> onA.texts("a1").contains("before"));

    long killedAt = System.nanoTime();
    server.kill();
    await().atMost(Duration.ofSeconds(5)).until(() -> !a.isConnected() && !b.isConnected());
    b.publish("t:1", Delivery.frame(bytes("lost")));
    await().atMost(Duration.ofSeconds(5)).until(() -> b.publishFailures() == 1);
    // While Redis is down the subscriptions change: they must hold once it is back.
    a.subscribe("t:2", "a2");
    b.unsubscribe("t:1", "b1");
    Thread.sleep(downMillis);

    server.restart();
    long restartedAt = System.nanoTime();
    long deadline = restartedAt + Duration.ofSeconds(5).toNanos();
    long reconnectedAt = 0;
    // A probe every 20 ms, as a steady send load would, until one arrives: nobody steps in.
    for (int probe = 0; !receivedProbe() && System.nanoTime() < deadline; probe++) {
      b.publish("t:1", Delivery.frame(bytes("probe " + probe)));
      Thread.sleep(20);
      if (reconnectedAt == 0 && a.isConnected() && b.isConnected()) {
        reconnectedAt = System.nanoTime();
      }
    }
    while (reconnectedAt == 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
      if (a.isConnected() && b.isConnected()) {
        reconnectedAt = System.nanoTime();
      }
    }
    long resumedAt = System.nanoTime();
    LOG.info(
        "down {} ms: kill to restarted Redis {} ms; restarted to both nodes connected {} ms,"
            + " to first delivery {} ms",
        downMillis,
        millis(restartedAt - killedAt),
        reconnectedAt == 0 ? -1 : millis(reconnectedAt - restartedAt),
        millis(resumedAt - restartedAt));
    assertThat(receivedProbe()).as("a delivery within 5 s of the restart").isTrue();
    assertThat(onA.texts("a1")).doesNotContain("lost");

    awaitNumsub("t:1", 1);
    awaitNumsub("t:2", 2);
    b.publish("t:2", Delivery.frame(bytes("to both")));
    await().atMost(Duration.ofSeconds(5)).until(() -> onA.texts("a2").contains("to both"));
    await().atMost(Duration.ofSeconds(5)).until(() -> onB.texts("b1").contains("to both"));
    assertThat(a.resubscribeCount()).isPositive();
    // Each connection has its own backoff: a's publishing one may come back a little later.
    await().atMost(Duration.ofSeconds(2)).until(() -> a.isConnected() && b.isConnected());
  }

  private boolean receivedProbe() {
    return onA.texts("a1").stream().anyMatch(t -> t.startsWith("probe"));
  }

  private static long millis(long nanos) {
    return nanos / 1_000_000;
  }

  private void awaitNumsub(String channel, long nodes) {
    String name = redis.namespace() + ":" + channel;
    await()
        .atMost(Duration.ofSeconds(5))
        .ignoreExceptions()
        .until(() -> watcher.text().sync().pubsubNumsub(name).getOrDefault(name, 0L) == nodes);
  }
}
