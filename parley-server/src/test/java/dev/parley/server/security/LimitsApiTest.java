package dev.parley.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.server.config.Limits;
import dev.parley.server.testing.Answer;
import dev.parley.server.testing.ApiClient;
import dev.parley.server.testing.TestServer;
import dev.parley.server.testing.TestUser;
import dev.parley.server.testing.WsClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every abuse limit, crossed once. */
class LimitsApiTest {
  @TempDir Path dir;
  TestServer server;
  ApiClient api;

  /** A node whose limits are tight: 1 send/s with a burst of 3, 2 sockets, 4 members a group. */
  private void start(int loginsPerIp, int loginsPerUsername) {
    server =
        new TestServer(
            dir,
            c ->
                c.withLimits(
                    new Limits(4, 1, 3, loginsPerIp, loginsPerUsername, 2, 1 << 20, 1024)));
    api = server.client();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void sendsAboveTheBurstAreRateLimitedWithRetryAfter() {
    start(100, 100);
    TestUser a = register("sender");
    TestUser b = register("sink");
    String id = a.directWith(b);
    for (int i = 0; i < 3; i++) {
      a.send(id, "burst " + i);
    }
    Answer limited =
        a.post(
            "/api/v1/threads/" + id + "/messages",
            Map.of("body", "one more", "client_msg_id", "x"));
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.errorCode()).isEqualTo("rate_limited");
    assertThat(limited.headers().firstValue("Retry-After")).hasValue("1");
    try (WsClient ws = a.connect()) {
      ws.send(
          Map.of("type", "send", "ref", "r", "thread_id", id, "body", "ws", "client_msg_id", "y"));
      JsonNode error = ws.next("error");
      assertThat(error.get("code").asText()).isEqualTo("rate_limited");
      assertThat(error.get("retry_after_ms").asLong()).isBetween(1L, 1000L);
    }
    assertThat(a.thread(id).get("last_seq").asLong()).isEqualTo(3);
  }

  @Test
  void loginAttemptsPerUsernameAnswerTheSameForUnknownNames() {
    start(100, 3);
    String victim = "victim-" + suffix;
    api.post("/api/v1/users", null, Map.of("username", victim, "password", "correct horse"));
    Answer known = null;
    Answer unknown = null;
    for (int i = 0; i < 4; i++) {
      known = login(victim, "wrong-password");
      unknown = login("ghost-" + suffix, "wrong-password");
      if (i < 3) {
        assertThat(known.status()).isEqualTo(401);
        assertThat(unknown.status()).isEqualTo(401);
      }
    }
    assertThat(known.status()).isEqualTo(429);
    assertThat(unknown.status()).isEqualTo(429);
    assertThat(known.errorCode()).isEqualTo(unknown.errorCode());
    assertThat(known.headers().firstValue("Retry-After")).isPresent();
    assertThat(unknown.headers().firstValue("Retry-After")).isPresent();
  }

  @Test
  void loginAttemptsPerAddressAreLimited() {
    start(6, 100);
    for (int i = 0; i < 6; i++) {
      assertThat(login("someone" + i, "whatever1").status()).isEqualTo(401);
    }
    Answer limited = login("someone-else", "whatever1");
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.headers().firstValue("Retry-After")).hasValue("10");
  }

  @Test
  void connectionsPerUserAreLimited() {
    start(100, 100);
    TestUser a = register("sockets");
    try (WsClient one = a.connect();
        WsClient two = a.connect()) {
      assertThatThrownBy(a::connect).hasMessageContaining("WebSocket connect failed");
      assertThat(one.isClosed()).isFalse();
      assertThat(two.isClosed()).isFalse();
    }
  }

  @Test
  void groupsAreLimitedInMembers() {
    start(100, 100);
    TestUser owner = register("big");
    TestUser m1 = register("m");
    TestUser m2 = register("m");
    TestUser m3 = register("m");
    TestUser m4 = register("m");
    Answer tooMany =
        owner.post(
            "/api/v1/threads",
            Map.of(
                "kind",
                "group",
                "title",
                "crowd",
                "participant_ids",
                List.of(m1.id(), m2.id(), m3.id(), m4.id())));
    assertThat(tooMany.status()).isEqualTo(400);
    String id = owner.group("ok", m1, m2, m3);
    Answer add =
        owner.post("/api/v1/threads/" + id + "/members", Map.of("user_ids", List.of(m4.id())));
    assertThat(add.status()).isEqualTo(400);
    assertThat(owner.thread(id).get("participant_ids")).hasSize(4);
  }

  @Test
  void frameAndBodySizesAreConfigurable() {
    server =
        new TestServer(
            dir,
            c ->
                c.withLimits(new Limits(10, 100, 100, 100, 100, 8, 1 << 20, 1024, 20_000, 30_000)));
    api = server.client();
    TestUser a = register("sizes");
    Answer big =
        a.post(
            "/api/v1/threads",
            Map.of("kind", "group", "title", "x".repeat(35_000), "participant_ids", List.of()));
    assertThat(big.status()).isEqualTo(413);
    assertThat(big.get("error").get("message").asText()).contains("30000");
    try (WsClient ws = a.connect()) {
      ws.send("{\"type\":\"ping\",\"ref\":\"" + "x".repeat(25_000) + "\"}");
      assertThat(ws.awaitClose()).isEqualTo(1009);
    }
    try (WsClient ws = a.connect()) {
      ws.send("{\"type\":\"ping\",\"ref\":\"" + "x".repeat(15_000) + "\"}");
      assertThat(ws.next("pong").get("ref").asText()).hasSize(15_000);
    }
  }

  private int counter;
  private final String suffix = Long.toString(System.nanoTime() % 100000);

  private TestUser register(String prefix) {
    String username = prefix + "-" + (++counter) + "-" + suffix;
    api.post("/api/v1/users", null, Map.of("username", username, "password", "correct horse"));
    return api.login(username, "correct horse");
  }

  private Answer login(String username, String password) {
    return api.post("/api/v1/sessions", null, Map.of("username", username, "password", password));
  }
}
