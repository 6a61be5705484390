package dev.parley.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.server.testing.Answer;
import dev.parley.server.testing.ApiClient;
import dev.parley.server.testing.History;
import dev.parley.server.testing.SendLoad;
import dev.parley.server.testing.ServiceControl;
import dev.parley.server.testing.TestCluster;
import dev.parley.server.testing.TestUser;
import dev.parley.server.testing.WebhookReceiver;
import dev.parley.server.testing.WsClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three nodes under a steady send load while a node dies or a shared service restarts. Every test
 * restores what it stopped, whatever happens.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFaultTest {
  @TempDir static Path dir;
  static TestCluster cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = TestCluster.start(dir, 3);
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static TestUser on(ApiClient node, TestUser user) {
    return new TestUser(user.id(), user.username(), user.token(), node);
  }

  @Test
  @Order(1)
  void aKilledNodesClientsRecoverEveryAcknowledgedMessageElsewhere() throws Exception {
    ApiClient doomed = cluster.client(1);
    TestUser alice = doomed.newUser("kalice");
    TestUser bob = doomed.newUser("kbob");
    String thread = alice.directWith(bob);
    WsClient bobSocket = bob.connect();
    long lastSeen = 0;
    Map<Long, String> acknowledged;
    try (SendLoad load = new SendLoad(alice, thread, doomed, 10)) {
      await().atMost(Duration.ofSeconds(20)).until(() -> load.size() >= 50);
      cluster.node(1).kill();
      // The clients fail over to node C; the socket on B is gone with it.
      ApiClient survivor = cluster.client(2);
      load.switchTo(survivor);
      assertThat(bobSocket.awaitClose()).isNotZero();
      for (JsonNode f :
          bobSocket.collect(Duration.ZERO, f -> f.get("type").asText().equals("message"))) {
        lastSeen = Math.max(lastSeen, f.get("message").get("seq").asLong());
      }
      TestUser bobOnC = on(survivor, bob);
      try (WsClient again = bobOnC.connect()) {
        List<JsonNode> missed = History.after(bobOnC, thread, lastSeen);
        assertThat(missed).isNotEmpty();
        int before = load.size();
        await().atMost(Duration.ofSeconds(20)).until(() -> load.size() >= before + 30);
        assertThat(again.next("message")).isNotNull();
      }
      acknowledged = load.stop();
    } finally {
      bobSocket.close();
      cluster.restart(1);
    }
    // The final state, read through a third node: every acknowledged message, seq 1..n.
    TestUser reader = on(cluster.client(0), bob);
    History.assertHoldsAll(History.after(reader, thread, 0), acknowledged);
  }

  @Test
  @Order(2)
  void realtimeResumesAfterRedisRestartsAndNothingIsLost() throws Exception {
    ApiClient a = cluster.client(0);
    ApiClient c = cluster.client(2);
    TestUser alice = a.newUser("ralice");
    TestUser bob = c.newUser("rbob");
    String thread = alice.directWith(on(a, bob));
    Map<Long, String> acknowledged;
    try (WsClient bobSocket = bob.connect();
        SendLoad load = new SendLoad(alice, thread, a, 20)) {
      await().atMost(Duration.ofSeconds(20)).until(() -> load.size() >= 20);
      bobSocket.next("message");
      try {
        ServiceControl.stopRedis();
        Thread.sleep(1000);
      } finally {
        ServiceControl.startRedis();
      }
      long upAt = System.nanoTime();
      int ackedAtRestart = load.size();
      // A message acknowledged after Redis returned reaches bob's socket within 5 s.
      JsonNode resumed =
          bobSocket.next(
              f ->
                  f.get("type").asText().equals("message")
                      && f.get("message").get("seq").asLong() > ackedAtRestart + 1);
      Duration resumedAfter = Duration.ofNanos(System.nanoTime() - upAt);
      System.out.println(
          "realtime resumed " + resumedAfter.toMillis() + " ms after Redis was back");
      assertThat(resumed).isNotNull();
      assertThat(resumedAfter).isLessThan(Duration.ofSeconds(5));
      acknowledged = load.stop();
    }
    History.assertHoldsAll(History.after(on(c, bob), thread, 0), acknowledged);
  }

  @Test
  @Order(3)
  void queuedNotificationTasksSurviveARabbitMqRestart() throws Exception {
    ApiClient a = cluster.client(0);
    try (WebhookReceiver hook = new WebhookReceiver()) {
      hook.answer(503);
      TestUser alice = a.newUser("qalice");
      TestUser bob = cluster.client(1).newUser("qbob");
      bob.post("/api/v1/devices", Map.of("platform", "webhook", "token", hook.url()));
      String thread = alice.directWith(on(a, bob));
      Set<String> sent = new HashSet<>();
      for (int i = 0; i < 5; i++) {
        sent.add(alice.send(thread, "before " + i).get("id").asText());
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> hook.calls().size() >= 5);
      try {
        ServiceControl.restartRabbit();
      } catch (RuntimeException e) {
        ServiceControl.startRabbit();
        throw e;
      }
      for (int i = 0; i < 3; i++) {
        sent.add(alice.send(thread, "after " + i).get("id").asText());
      }
      hook.answer(204);
      await().atMost(Duration.ofSeconds(60)).until(() -> delivered(hook).containsAll(sent));
    }
  }

  private static Set<String> delivered(WebhookReceiver hook) {
    Set<String> ids = new HashSet<>();
    for (WebhookReceiver.Call call : hook.calls()) {
      ids.add(call.body().get("message").get("id").asText());
    }
    return ids;
  }

  @Test
  @Order(4)
  void withPostgresStoppedTheApiAnswers503AndLosesNothing() throws Exception {
    ApiClient a = cluster.client(0);
    TestUser alice = a.newUser("palice");
    TestUser bob = a.newUser("pbob");
    String thread = alice.directWith(bob);
    Map<Long, String> acknowledged;
    try (SendLoad load = new SendLoad(alice, thread, a, 20)) {
      await().atMost(Duration.ofSeconds(20)).until(() -> load.size() >= 20);
      try {
        ServiceControl.stopPostgres();
        long started = System.nanoTime();
        Answer down =
            alice.post(
                "/api/v1/threads/" + thread + "/messages",
                Map.of("body", "x", "client_msg_id", "down"));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(down.status()).isEqualTo(503);
        assertThat(down.errorCode()).isEqualTo("unavailable");
        assertThat(took).as("a bounded answer, never a hang").isLessThan(Duration.ofSeconds(15));
        assertThat(a.get("/readyz", null).status()).isEqualTo(503);
      } finally {
        ServiceControl.startPostgres();
      }
      int afterRestart = load.size();
      await().atMost(Duration.ofSeconds(30)).until(() -> load.size() >= afterRestart + 20);
      acknowledged = load.stop();
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> a.get("/readyz", null).status() == 200);
    History.assertHoldsAll(History.after(bob, thread, 0), acknowledged);
  }
}
