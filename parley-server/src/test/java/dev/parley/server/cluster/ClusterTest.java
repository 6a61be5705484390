package dev.parley.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.server.testing.ApiClient;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three nodes (separate JVMs) on PostgreSQL, Redis and RabbitMQ, used through different nodes. */
class ClusterTest {
  @TempDir static Path dir;
  static TestCluster cluster;
  static ApiClient a;
  static ApiClient b;
  static ApiClient c;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = TestCluster.start(dir, 3);
    a = cluster.client(0);
    b = cluster.client(1);
    c = cluster.client(2);
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
  void usersOnDifferentNodesChatInRealtime() {
    TestUser alice = a.newUser("alice");
    TestUser bob = b.newUser("bob");
    TestUser carol = c.newUser("carol");
    String direct = alice.directWith(on(a, bob));
    try (WsClient wa = alice.connect();
        WsClient wb = bob.connect();
        WsClient wc = carol.connect()) {
      wa.send(
          Map.of(
              "type",
              "send",
              "ref",
              "1",
              "thread_id",
              direct,
              "body",
              "hi from A",
              "client_msg_id",
              "1"));
      assertThat(wa.next("ack").get("message").get("seq").asLong()).isEqualTo(1);
      assertThat(wb.next("message").get("message").get("body").asText()).isEqualTo("hi from A");
      wb.send(
          Map.of(
              "type",
              "send",
              "ref",
              "2",
              "thread_id",
              direct,
              "body",
              "hi from B",
              "client_msg_id",
              "2"));
      assertThat(wa.next("message").get("message").get("body").asText()).isEqualTo("hi from B");

      String group = on(c, carol).group("three nodes", on(c, alice), on(c, bob));
      assertThat(wa.next("thread").get("thread").get("id").asText()).isEqualTo(group);
      assertThat(wb.next("thread").get("thread").get("id").asText()).isEqualTo(group);
      on(b, bob).send(group, "group hello");
      for (WsClient ws : List.of(wa, wc)) {
        assertThat(
                ws.next(
                    f ->
                        f.get("type").asText().equals("message")
                            && f.get("message").get("body").asText().equals("group hello")))
            .isNotNull();
      }
    }
  }

  @Test
  void aUserWithDevicesOnTwoNodesGetsEveryEventOnBoth() {
    TestUser dana = a.newUser("dana");
    TestUser danaTablet = b.login(dana.username(), "correct horse");
    TestUser erin = c.newUser("erin");
    String thread = on(c, erin).directWith(on(c, dana));
    try (WsClient phone = dana.connect();
        WsClient tablet = danaTablet.connect()) {
      on(c, erin).send(thread, "to both devices");
      assertThat(phone.next("message").get("message").get("body").asText())
          .isEqualTo("to both devices");
      assertThat(tablet.next("message").get("message").get("body").asText())
          .isEqualTo("to both devices");
      phone.send(
          Map.of(
              "type",
              "send",
              "ref",
              "p",
              "thread_id",
              thread,
              "body",
              "from phone",
              "client_msg_id",
              "p"));
      phone.next("ack");
      assertThat(tablet.next("message").get("message").get("body").asText())
          .isEqualTo("from phone");
      on(c, erin).send(thread, "third");
      tablet.next("message");
      // Sending moved dana's pointer to 2: reading 3 moves it, and both devices hear it.
      tablet.send(Map.of("type", "read", "thread_id", thread, "seq", 3));
      assertThat(phone.next("read").get("seq").asLong()).isEqualTo(3);
    }
  }

  @Test
  void presenceSetOnOneNodeIsSeenOnAnother() {
    TestUser fay = a.newUser("fay");
    TestUser gus = c.newUser("gus");
    assertThat(fay.post("/api/v1/presence/heartbeat", Map.of()).status()).isEqualTo(204);
    JsonNode seen = gus.get("/api/v1/presence?user_ids=" + fay.id()).json().get("presence").get(0);
    assertThat(seen.get("online").asBoolean()).isTrue();
  }

  @Test
  void logoutOnOneNodeClosesTheSessionsSocketsOnAnother() {
    TestUser hal = a.newUser("hal");
    TestUser halOnB = on(b, hal);
    assertThat(halOnB.get("/api/v1/me").status()).isEqualTo(200);
    try (WsClient socketOnB = halOnB.connect()) {
      assertThat(hal.call("DELETE", "/api/v1/sessions/current", null).status()).isEqualTo(204);
      assertThat(socketOnB.awaitClose()).isEqualTo(1008);
      assertThat(halOnB.get("/api/v1/me").status()).isEqualTo(401);
      assertThat(on(c, hal).get("/api/v1/me").status()).isEqualTo(401);
    }
  }

  @Test
  void notificationsCreatedOnAnyNodeRunOnce() throws Exception {
    try (WebhookReceiver hook = new WebhookReceiver()) {
      TestUser ivy = a.newUser("ivy");
      TestUser jon = b.newUser("jon");
      jon.post("/api/v1/devices", Map.of("platform", "webhook", "token", hook.url()));
      String thread = ivy.directWith(on(a, jon));
      List<ApiClient> via = List.of(a, b, c, a, b, c);
      for (int i = 0; i < via.size(); i++) {
        on(via.get(i), ivy).send(thread, "note " + i);
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> hook.calls().size() >= via.size());
      Thread.sleep(1500);
      Set<String> ids = new HashSet<>();
      hook.calls().forEach(call -> ids.add(call.body().get("message").get("id").asText()));
      assertThat(hook.calls()).hasSize(via.size());
      assertThat(ids).hasSize(via.size());
    }
  }
}
