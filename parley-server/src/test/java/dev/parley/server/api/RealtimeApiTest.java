package dev.parley.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.server.testing.ApiClient;
import dev.parley.server.testing.TestServer;
import dev.parley.server.testing.TestUser;
import dev.parley.server.testing.WsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RealtimeApiTest {
  @TempDir static Path dir;
  static TestServer server;
  static ApiClient api;

  @BeforeAll
  static void start() {
    server = new TestServer(dir);
    api = server.client();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Map<String, Object> send(String ref, String threadId, String body) {
    return Map.of(
        "type", "send", "ref", ref, "thread_id", threadId, "body", body, "client_msg_id", ref);
  }

  @Test
  void twoUsersChatBothWaysInRealtime() {
    TestUser alice = api.newUser("alice");
    TestUser bob = api.newUser("bob");
    String id = alice.directWith(bob);
    try (WsClient a = alice.connect();
        WsClient b = bob.connect()) {
      assertThat(a.ready().get("user_id").asText()).isEqualTo(alice.id());
      a.send(send("r1", id, "hi bob"));
      JsonNode ack = a.next("ack");
      assertThat(ack.get("ref").asText()).isEqualTo("r1");
      assertThat(ack.get("message").get("seq").asLong()).isEqualTo(1);
      JsonNode atBob = b.next("message");
      assertThat(atBob.get("message").get("body").asText()).isEqualTo("hi bob");

      b.send(send("r2", id, "hi alice"));
      assertThat(b.next("ack").get("message").get("seq").asLong()).isEqualTo(2);
      assertThat(a.next("message").get("message").get("body").asText()).isEqualTo("hi alice");

      bob.send(id, "over REST");
      assertThat(a.next("message").get("message").get("seq").asLong()).isEqualTo(3);
      assertThat(b.next("message").get("message").get("seq").asLong()).isEqualTo(3);
    }
  }

  @Test
  void theSendingConnectionGetsAnAckOtherDevicesTheEvent() {
    TestUser alice = api.newUser("dev");
    TestUser bob = api.newUser("dev");
    TestUser aliceTablet = api.login(alice.username(), "correct horse");
    String id = alice.directWith(bob);
    try (WsClient phone = alice.connect();
        WsClient tablet = aliceTablet.connect()) {
      phone.send(send("x", id, "from phone"));
      phone.next("ack");
      assertThat(tablet.next("message").get("message").get("body").asText())
          .isEqualTo("from phone");
      assertThat(
              phone.collect(Duration.ofMillis(300), f -> f.get("type").asText().equals("message")))
          .isEmpty();
    }
  }

  @Test
  void addedMemberReceivesAndRemovedMemberStops() {
    TestUser owner = api.newUser("gown");
    TestUser carol = api.newUser("carol");
    TestUser dave = api.newUser("dave");
    String id = owner.group("team", dave);
    try (WsClient c = carol.connect();
        WsClient d = dave.connect()) {
      owner.post("/api/v1/threads/" + id + "/members", Map.of("user_ids", List.of(carol.id())));
      JsonNode joined = c.next("thread");
      assertThat(joined.get("thread").get("id").asText()).isEqualTo(id);
      assertThat(c.next("message").get("message").get("kind").asText()).isEqualTo("system");
      owner.send(id, "welcome carol");
      assertThat(c.next("message").get("message").get("body").asText()).isEqualTo("welcome carol");

      owner.call("DELETE", "/api/v1/threads/" + id + "/members/" + dave.id(), null);
      assertThat(d.next("removed").get("thread_id").asText()).isEqualTo(id);
      owner.send(id, "after dave");
      assertThat(
              c.next(
                  f ->
                      f.get("type").asText().equals("message")
                          && f.get("message").get("body").asText().equals("after dave")))
          .isNotNull();
      assertThat(d.collect(Duration.ofMillis(400), f -> f.get("type").asText().equals("message")))
          .noneMatch(f -> f.get("message").get("body").asText().equals("after dave"));
      assertThat(dave.get("/api/v1/threads/" + id + "/messages").status()).isEqualTo(404);
    }
  }

  @Test
  void aNewGroupReachesItsConnectedMembers() {
    TestUser owner = api.newUser("gnew");
    TestUser member = api.newUser("gmem");
    try (WsClient m = member.connect()) {
      String id = owner.group("fresh", member);
      assertThat(m.next("thread").get("thread").get("id").asText()).isEqualTo(id);
      JsonNode created = m.next("message").get("message");
      assertThat(created.get("seq").asLong()).isEqualTo(1);
      assertThat(created.get("kind").asText()).isEqualTo("system");
      owner.send(id, "first words");
      assertThat(m.next("message").get("message").get("body").asText()).isEqualTo("first words");
    }
  }

  @Test
  void typingAndReadEventsReachTheOtherMembers() {
    TestUser a = api.newUser("typ");
    TestUser b = api.newUser("typ");
    String id = a.directWith(b);
    a.send(id, "read me");
    try (WsClient wa = a.connect();
        WsClient wb = b.connect()) {
      wb.send(Map.of("type", "typing", "thread_id", id));
      JsonNode typing = wa.next("typing");
      assertThat(typing.get("user_id").asText()).isEqualTo(b.id());
      wb.send(Map.of("type", "read", "thread_id", id, "seq", 1));
      JsonNode read = wa.next("read");
      assertThat(read.get("user_id").asText()).isEqualTo(b.id());
      assertThat(read.get("seq").asLong()).isEqualTo(1);
      wb.send(Map.of("type", "read", "thread_id", id, "seq", 0));
      assertThat(wa.collect(Duration.ofMillis(300), f -> f.get("type").asText().equals("read")))
          .isEmpty();
    }
  }

  @Test
  void pingIsAnsweredAndCountsAsPresence() {
    TestUser a = api.newUser("png");
    TestUser b = api.newUser("png");
    try (WsClient w = a.connect()) {
      w.send(Map.of("type", "ping", "ref", "p1"));
      assertThat(w.next("pong").get("ref").asText()).isEqualTo("p1");
      JsonNode presence =
          b.get("/api/v1/presence?user_ids=" + a.id() + "," + b.id() + ",unknown").json();
      assertThat(presence.get("presence")).hasSize(2);
      assertThat(presence.get("presence").get(0).get("online").asBoolean()).isTrue();
    }
  }

  @Test
  void lastSeenIsKeptWhenTheLastConnectionCloses() {
    TestUser a = api.newUser("seen");
    WsClient w = a.connect();
    w.close();
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                server.parley().services().push().connectionCount() == 0
                    || !server.parley().services().push().isConnected(a.id()));
    JsonNode p = a.get("/api/v1/presence?user_ids=" + a.id()).json().get("presence").get(0);
    assertThat(p.get("last_seen_at").isNull()).isFalse();
  }

  @Test
  void badFramesGetErrorsAndTheConnectionStaysOpen() {
    TestUser a = api.newUser("bad");
    TestUser b = api.newUser("bad");
    String id = a.directWith(b);
    TestUser stranger = api.newUser("strange");
    try (WsClient w = a.connect();
        WsClient s = stranger.connect()) {
      w.send("not json");
      assertThat(w.next("error").get("code").asText()).isEqualTo("invalid_request");
      w.send(Map.of("type", "teleport", "ref", "t"));
      JsonNode unknown = w.next("error");
      assertThat(unknown.get("ref").asText()).isEqualTo("t");
      w.send(Map.of("type", "send", "ref", "n", "thread_id", id, "body", 5, "client_msg_id", "z"));
      assertThat(w.next("error").get("ref").asText()).isEqualTo("n");
      w.send("[1,2,3]");
      assertThat(w.next("error").get("code").asText()).isEqualTo("invalid_request");
      w.sendBinary(new byte[] {1, 2, 3});
      assertThat(w.next("error").get("code").asText()).isEqualTo("invalid_request");
      w.send(send("big", id, "x".repeat(16_385)));
      assertThat(w.next("error").get("code").asText()).isEqualTo("payload_too_large");
      s.send(send("intrude", id, "let me in"));
      assertThat(s.next("error").get("code").asText()).isEqualTo("not_found");
      w.send(Map.of("type", "ping", "ref", "still-here"));
      assertThat(w.next("pong").get("ref").asText()).isEqualTo("still-here");
      assertThat(a.thread(id).get("last_seq").asLong()).isZero();
    }
  }

  @Test
  void aFrameOver64KiBClosesWith1009() {
    TestUser a = api.newUser("huge");
    try (WsClient w = a.connect()) {
      w.send("{\"type\":\"ping\",\"ref\":\"" + "x".repeat(70_000) + "\"}");
      assertThat(w.awaitClose()).isEqualTo(1009);
    }
  }

  @Test
  void aBadTokenIsRefusedWith401BeforeTheUpgrade() {
    HttpClient http = HttpClient.newHttpClient();
    assertThatThrownBy(
            () ->
                http.newWebSocketBuilder()
                    .header("Authorization", "Bearer nope")
                    .buildAsync(
                        URI.create("ws://127.0.0.1:" + api.port() + "/api/v1/ws"),
                        new WebSocket.Listener() {})
                    .join())
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOfSatisfying(
            WebSocketHandshakeException.class,
            e -> {
              HttpResponse<?> response = e.getResponse();
              assertThat(response.statusCode()).isEqualTo(401);
            });
  }

  @Test
  void theTokenMayComeInTheQueryForBrowsers() throws Exception {
    TestUser a = api.newUser("qry");
    WebSocket ws =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .buildAsync(
                URI.create("ws://127.0.0.1:" + api.port() + "/api/v1/ws?access_token=" + a.token()),
                new WebSocket.Listener() {})
            .get();
    ws.abort();
  }

  @Test
  void logoutClosesThatSessionsSocketAndNoOther() {
    TestUser a = api.newUser("out");
    TestUser other = api.login(a.username(), "correct horse");
    WsClient mine = a.connect();
    WsClient theirs = other.connect();
    a.call("DELETE", "/api/v1/sessions/current", null);
    assertThat(mine.awaitClose()).isEqualTo(1008);
    theirs.send(Map.of("type", "ping", "ref", "alive"));
    assertThat(theirs.next("pong").get("ref").asText()).isEqualTo("alive");
    assertThat(theirs.isClosed()).isFalse();
    theirs.close();
  }
}
