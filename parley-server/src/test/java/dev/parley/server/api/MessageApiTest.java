package dev.parley.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.server.testing.Answer;
import dev.parley.server.testing.ApiClient;
import dev.parley.server.testing.TestServer;
import dev.parley.server.testing.TestUser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MessageApiTest {
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

  @Test
  void sendAnswersTheStoredMessage() {
    TestUser a = api.newUser("snd");
    TestUser b = api.newUser("rcv");
    String id = a.directWith(b);
    Answer sent =
        a.post(
            "/api/v1/threads/" + id + "/messages",
            Map.of("body", "hello ✓", "client_msg_id", "c1"));
    assertThat(sent.status()).isEqualTo(201);
    JsonNode m = sent.get("message");
    assertThat(m.get("seq").asLong()).isEqualTo(1);
    assertThat(m.get("thread_id").asText()).isEqualTo(id);
    assertThat(m.get("sender_id").asText()).isEqualTo(a.id());
    assertThat(m.get("kind").asText()).isEqualTo("text");
    assertThat(m.get("body").asText()).isEqualTo("hello ✓");
    assertThat(m.get("client_msg_id").asText()).isEqualTo("c1");
  }

  @Test
  void repeatedClientMsgIdStoresNothingNew() {
    TestUser a = api.newUser("idem");
    TestUser b = api.newUser("idem");
    String id = a.directWith(b);
    Answer first =
        a.post("/api/v1/threads/" + id + "/messages", Map.of("body", "once", "client_msg_id", "k"));
    Answer again =
        a.post(
            "/api/v1/threads/" + id + "/messages", Map.of("body", "twice?", "client_msg_id", "k"));
    assertThat(first.status()).isEqualTo(201);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.get("message")).isEqualTo(first.get("message"));
    assertThat(a.thread(id).get("last_seq").asLong()).isEqualTo(1);
    Answer byOther =
        b.post("/api/v1/threads/" + id + "/messages", Map.of("body", "mine", "client_msg_id", "k"));
    assertThat(byOther.status()).isEqualTo(201);
    assertThat(byOther.get("message").get("seq").asLong()).isEqualTo(2);
  }

  @Test
  void twentyConcurrentSendersGetGapFreeSeqs() throws Exception {
    TestUser owner = api.newUser("conc");
    List<TestUser> senders = new ArrayList<>();
    for (int i = 0; i < 19; i++) {
      senders.add(api.newUser("cs"));
    }
    String id = owner.group("storm", senders.toArray(TestUser[]::new));
    senders.add(owner);
    int perSender = 10;
    List<CompletableFuture<Void>> all = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(20)) {
      for (TestUser s : senders) {
        all.add(
            CompletableFuture.runAsync(
                () -> {
                  for (int i = 0; i < perSender; i++) {
                    s.send(id, s.username() + "#" + i);
                  }
                },
                pool));
      }
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get();
    }
    List<Long> seqs = new ArrayList<>();
    Long before = null;
    while (true) {
      Answer page =
          owner.get(
              "/api/v1/threads/"
                  + id
                  + "/messages?limit=200"
                  + (before == null ? "" : "&before_seq=" + before));
      List<Long> chunk = new ArrayList<>();
      page.get("messages").forEach(m -> chunk.add(m.get("seq").asLong()));
      seqs.addAll(0, chunk);
      if (!page.get("has_more").asBoolean()) {
        break;
      }
      before = chunk.getFirst();
    }
    int total = 1 + 20 * perSender;
    assertThat(seqs).hasSize(total);
    for (int i = 0; i < total; i++) {
      assertThat(seqs.get(i)).isEqualTo(i + 1L);
    }
  }

  @Test
  void historyPagesBothWays() {
    TestUser a = api.newUser("hist");
    TestUser b = api.newUser("hist");
    String id = a.directWith(b);
    for (int i = 1; i <= 7; i++) {
      a.send(id, "m" + i);
    }
    Answer latest = b.get("/api/v1/threads/" + id + "/messages?limit=3");
    assertThat(seqs(latest)).containsExactly(5L, 6L, 7L);
    assertThat(latest.get("has_more").asBoolean()).isTrue();
    Answer older = b.get("/api/v1/threads/" + id + "/messages?limit=3&before_seq=5");
    assertThat(seqs(older)).containsExactly(2L, 3L, 4L);
    assertThat(older.get("has_more").asBoolean()).isTrue();
    Answer oldest = b.get("/api/v1/threads/" + id + "/messages?limit=3&before_seq=2");
    assertThat(seqs(oldest)).containsExactly(1L);
    assertThat(oldest.get("has_more").asBoolean()).isFalse();
    Answer newer = b.get("/api/v1/threads/" + id + "/messages?limit=4&after_seq=2");
    assertThat(seqs(newer)).containsExactly(3L, 4L, 5L, 6L);
    assertThat(newer.get("has_more").asBoolean()).isTrue();
    Answer end = b.get("/api/v1/threads/" + id + "/messages?after_seq=6");
    assertThat(seqs(end)).containsExactly(7L);
    assertThat(end.get("has_more").asBoolean()).isFalse();
  }

  @Test
  void aMemberSeesHistoryFromItsJoiningOn() {
    TestUser a = api.newUser("early");
    TestUser b = api.newUser("early");
    TestUser late = api.newUser("late");
    String id = a.group("club", b);
    a.send(id, "before you came");
    a.post("/api/v1/threads/" + id + "/members", Map.of("user_ids", List.of(late.id())));
    a.send(id, "welcome");
    List<String> bodies = new ArrayList<>();
    late.get("/api/v1/threads/" + id + "/messages")
        .get("messages")
        .forEach(m -> bodies.add(m.get("body").asText()));
    assertThat(bodies).containsExactly("early added late", "welcome");
    assertThat(late.thread(id).get("unread_count").asLong()).isEqualTo(1);
  }

  @Test
  void bodyLimitsAreEnforced() {
    TestUser a = api.newUser("lim");
    TestUser b = api.newUser("lim");
    String id = a.directWith(b);
    String path = "/api/v1/threads/" + id + "/messages";
    assertThat(a.post(path, Map.of("body", "x".repeat(16_384), "client_msg_id", "max")).status())
        .isEqualTo(201);
    Answer tooBig = a.post(path, Map.of("body", "x".repeat(16_385), "client_msg_id", "big"));
    assertThat(tooBig.status()).isEqualTo(413);
    assertThat(tooBig.errorCode()).isEqualTo("payload_too_large");
    assertThat(a.post(path, Map.of("body", "é".repeat(8_193), "client_msg_id", "utf8")).status())
        .isEqualTo(413);
    assertThat(a.post(path, Map.of("body", "", "client_msg_id", "empty")).status()).isEqualTo(400);
    assertThat(a.post(path, Map.of("body", "x", "client_msg_id", "")).status()).isEqualTo(400);
    assertThat(a.post(path, Map.of("body", "x", "client_msg_id", "c".repeat(65))).status())
        .isEqualTo(400);
    assertThat(a.post(path, Map.of("body", "x")).status()).isEqualTo(400);
    assertThat(a.post(path, Map.of("body", 42, "client_msg_id", "n")).status()).isEqualTo(400);
    assertThat(a.api().raw("POST", path, a.token(), new byte[2 << 20]).status()).isEqualTo(413);
    assertThat(a.thread(id).get("last_seq").asLong()).isEqualTo(1);
  }

  @Test
  void pagingParametersAreValidated() {
    TestUser a = api.newUser("pg");
    TestUser b = api.newUser("pg");
    String id = a.directWith(b);
    String path = "/api/v1/threads/" + id + "/messages";
    assertThat(a.get(path + "?limit=0").status()).isEqualTo(400);
    assertThat(a.get(path + "?limit=201").status()).isEqualTo(400);
    assertThat(a.get(path + "?limit=abc").status()).isEqualTo(400);
    assertThat(a.get(path + "?before_seq=-1").status()).isEqualTo(400);
    assertThat(a.get(path + "?after_seq=99999999999999999999999").status()).isEqualTo(400);
    assertThat(a.get(path + "?limit=200").status()).isEqualTo(200);
  }

  private static List<Long> seqs(Answer page) {
    List<Long> out = new ArrayList<>();
    page.get("messages").forEach(m -> out.add(m.get("seq").asLong()));
    return out;
  }
}
