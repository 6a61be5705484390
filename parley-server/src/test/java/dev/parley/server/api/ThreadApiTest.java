package dev.parley.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.server.testing.Answer;
import dev.parley.server.testing.ApiClient;
import dev.parley.server.testing.TestServer;
import dev.parley.server.testing.TestUser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThreadApiTest {
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
  void directThreadIsUniquePerPair() {
    TestUser a = api.newUser("a");
    TestUser b = api.newUser("b");
    Answer first =
        a.post("/api/v1/threads", Map.of("kind", "direct", "participant_ids", List.of(b.id())));
    Answer again =
        b.post("/api/v1/threads", Map.of("kind", "direct", "participant_ids", List.of(a.id())));
    assertThat(first.status()).isEqualTo(201);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.get("thread").get("id")).isEqualTo(first.get("thread").get("id"));
    JsonNode t = first.get("thread");
    assertThat(t.get("kind").asText()).isEqualTo("direct");
    assertThat(t.get("owner_id").isNull()).isTrue();
    assertThat(t.get("last_message").isNull()).isTrue();
    assertThat(t.get("participant_ids")).hasSize(2);
  }

  @Test
  void directThreadIsUniqueWhenBothCreateAtOnce() throws Exception {
    for (int round = 0; round < 5; round++) {
      TestUser a = api.newUser("ra");
      TestUser b = api.newUser("rb");
      CountDownLatch go = new CountDownLatch(1);
      List<CompletableFuture<Answer>> calls = new ArrayList<>();
      for (TestUser[] pair : new TestUser[][] {{a, b}, {b, a}, {a, b}, {b, a}}) {
        calls.add(
            CompletableFuture.supplyAsync(
                () -> {
                  await(go);
                  return pair[0].post(
                      "/api/v1/threads",
                      Map.of("kind", "direct", "participant_ids", List.of(pair[1].id())));
                }));
      }
      go.countDown();
      Set<String> ids = new HashSet<>();
      int created = 0;
      for (CompletableFuture<Answer> call : calls) {
        Answer answer = call.get();
        ids.add(answer.get("thread").get("id").asText());
        created += answer.status() == 201 ? 1 : 0;
      }
      assertThat(ids).hasSize(1);
      assertThat(created).isEqualTo(1);
    }
  }

  @Test
  void directThreadNeedsExactlyOneKnownOtherUser() {
    TestUser a = api.newUser("solo");
    assertThat(
            a.post("/api/v1/threads", Map.of("kind", "direct", "participant_ids", List.of(a.id())))
                .status())
        .isEqualTo(400);
    assertThat(
            a.post(
                    "/api/v1/threads",
                    Map.of("kind", "direct", "participant_ids", List.of("nobody")))
                .status())
        .isEqualTo(400);
    assertThat(
            a.post("/api/v1/threads", Map.of("kind", "chat", "participant_ids", List.of()))
                .status())
        .isEqualTo(400);
  }

  @Test
  void groupLifecycleWritesSystemMessages() {
    TestUser owner = api.newUser("own");
    TestUser m1 = api.newUser("m");
    TestUser m2 = api.newUser("n");
    Answer created =
        owner.post(
            "/api/v1/threads",
            Map.of("kind", "group", "participant_ids", List.of(m1.id()), "title", "Book club"));
    assertThat(created.status()).isEqualTo(201);
    JsonNode g = created.get("thread");
    String id = g.get("id").asText();
    assertThat(g.get("owner_id").asText()).isEqualTo(owner.id());
    assertThat(g.get("title").asText()).isEqualTo("Book club");
    assertThat(g.get("last_seq").asLong()).isEqualTo(1);
    assertThat(g.get("last_message").get("kind").asText()).isEqualTo("system");

    Answer added =
        m1.post("/api/v1/threads/" + id + "/members", Map.of("user_ids", List.of(m2.id())));
    assertThat(added.status()).isEqualTo(200);
    assertThat(added.get("thread").get("participant_ids")).hasSize(3);

    Answer renamed = m1.call("PATCH", "/api/v1/threads/" + id, Map.of("title", "Books"));
    assertThat(renamed.get("thread").get("title").asText()).isEqualTo("Books");

    assertThat(m1.call("DELETE", "/api/v1/threads/" + id + "/members/" + m2.id(), null).status())
        .isEqualTo(403);
    assertThat(owner.call("DELETE", "/api/v1/threads/" + id + "/members/" + m2.id(), null).status())
        .isEqualTo(204);
    assertThat(m1.call("DELETE", "/api/v1/threads/" + id + "/members/" + m1.id(), null).status())
        .isEqualTo(204);
    assertThat(m1.get("/api/v1/threads/" + id).status()).isEqualTo(404);

    List<String> texts = new ArrayList<>();
    for (JsonNode m : owner.get("/api/v1/threads/" + id + "/messages").get("messages")) {
      assertThat(m.get("kind").asText()).isEqualTo("system");
      texts.add(m.get("body").asText());
    }
    assertThat(texts)
        .containsExactly(
            "own created the group \"Book club\"",
            "m added n",
            "m renamed the group to \"Books\"",
            "own removed n",
            "m left");
  }

  @Test
  void ownerLeavingHandsOwnershipOn() {
    TestUser owner = api.newUser("o");
    TestUser m = api.newUser("p");
    String id = owner.group("g", m);
    owner.call("DELETE", "/api/v1/threads/" + id + "/members/" + owner.id(), null);
    assertThat(m.thread(id).get("owner_id").asText()).isEqualTo(m.id());
  }

  @Test
  void groupsOnlyOperationsRefuseDirectThreads() {
    TestUser a = api.newUser("d");
    TestUser b = api.newUser("e");
    String id = a.directWith(b);
    assertThat(a.call("PATCH", "/api/v1/threads/" + id, Map.of("title", "x")).status())
        .isEqualTo(400);
    assertThat(
            a.post("/api/v1/threads/" + id + "/members", Map.of("user_ids", List.of(b.id())))
                .status())
        .isEqualTo(400);
  }

  @Test
  void settingsArePerUser() {
    TestUser a = api.newUser("s");
    TestUser b = api.newUser("t");
    String id = a.group("quiet", b);
    Answer mine =
        a.call(
            "PATCH", "/api/v1/threads/" + id + "/settings", Map.of("muted", true, "nickname", "Q"));
    assertThat(mine.get("thread").get("muted").asBoolean()).isTrue();
    assertThat(mine.get("thread").get("nickname").asText()).isEqualTo("Q");
    JsonNode theirs = b.thread(id);
    assertThat(theirs.get("muted").asBoolean()).isFalse();
    assertThat(theirs.get("nickname").isNull()).isTrue();
    Map<String, Object> clear = new HashMap<>();
    clear.put("nickname", null);
    assertThat(
            a.call("PATCH", "/api/v1/threads/" + id + "/settings", clear)
                .get("thread")
                .get("nickname")
                .isNull())
        .isTrue();
    assertThat(a.thread(id).get("muted").asBoolean()).isTrue();
  }

  @Test
  void threadListIsMostRecentFirstWithCursorPaging() {
    TestUser me = api.newUser("lister");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(me.directWith(api.newUser("peer")));
    }
    me.send(ids.get(1), "bump");
    Answer page1 = me.get("/api/v1/threads?limit=2");
    assertThat(page1.get("threads")).hasSize(2);
    assertThat(page1.get("threads").get(0).get("id").asText()).isEqualTo(ids.get(1));
    List<String> seen = new ArrayList<>();
    page1.get("threads").forEach(t -> seen.add(t.get("id").asText()));
    String before = page1.get("next_before").asText();
    while (before != null) {
      Answer page = me.get("/api/v1/threads?limit=2&before=" + before);
      page.get("threads").forEach(t -> seen.add(t.get("id").asText()));
      before = page.get("next_before").isNull() ? null : page.get("next_before").asText();
    }
    assertThat(seen).hasSize(5).containsExactlyInAnyOrderElementsOf(ids).doesNotHaveDuplicates();
    assertThat(me.get("/api/v1/threads?before=garbage").status()).isEqualTo(400);
  }

  @Test
  void unreadCountsMessagesOfOthersAfterTheReadPointer() {
    TestUser a = api.newUser("u");
    TestUser b = api.newUser("v");
    String id = a.directWith(b);
    a.send(id, "one");
    a.send(id, "two");
    JsonNode seenByB = b.thread(id);
    assertThat(seenByB.get("unread_count").asLong()).isEqualTo(2);
    assertThat(seenByB.get("last_message").get("body").asText()).isEqualTo("two");
    assertThat(a.thread(id).get("unread_count").asLong()).isZero();
    b.post("/api/v1/threads/" + id + "/read", Map.of("seq", 1));
    assertThat(b.thread(id).get("unread_count").asLong()).isEqualTo(1);
    assertThat(b.thread(id).get("last_read_seq").asLong()).isEqualTo(1);
  }

  @Test
  void aThreadCarriesEveryMembersReadPointer() {
    TestUser a = api.newUser("mr");
    TestUser b = api.newUser("ms");
    String id = a.directWith(b);
    a.send(id, "one");
    a.send(id, "two");
    b.post("/api/v1/threads/" + id + "/read", Map.of("seq", 1));
    Map<String, Long> reads = new HashMap<>();
    a.thread(id)
        .get("member_reads")
        .forEach(r -> reads.put(r.get("user_id").asText(), r.get("last_read_seq").asLong()));
    assertThat(reads).containsOnly(Map.entry(a.id(), 2L), Map.entry(b.id(), 1L));
  }

  @Test
  void readPointerNeverMovesBackwardsNorPastTheEnd() {
    TestUser a = api.newUser("w");
    TestUser b = api.newUser("x");
    String id = a.directWith(b);
    a.send(id, "1");
    a.send(id, "2");
    a.send(id, "3");
    assertThat(b.post("/api/v1/threads/" + id + "/read", Map.of("seq", 2)).status()).isEqualTo(204);
    b.post("/api/v1/threads/" + id + "/read", Map.of("seq", 1));
    assertThat(b.thread(id).get("last_read_seq").asLong()).isEqualTo(2);
    b.post("/api/v1/threads/" + id + "/read", Map.of("seq", 99));
    assertThat(b.thread(id).get("last_read_seq").asLong()).isEqualTo(3);
    assertThat(b.post("/api/v1/threads/" + id + "/read", Map.of("seq", -1)).status())
        .isEqualTo(400);
    assertThat(b.post("/api/v1/threads/" + id + "/read", Map.of("seq", "2")).status())
        .isEqualTo(400);
  }

  @Test
  void nonMembersSeeNothing() {
    TestUser a = api.newUser("y");
    TestUser b = api.newUser("z");
    TestUser stranger = api.newUser("str");
    String id = a.directWith(b);
    assertThat(stranger.get("/api/v1/threads/" + id).status()).isEqualTo(404);
    assertThat(stranger.get("/api/v1/threads/" + id + "/messages").status()).isEqualTo(404);
    assertThat(
            stranger
                .post(
                    "/api/v1/threads/" + id + "/messages",
                    Map.of("body", "hi", "client_msg_id", "1"))
                .status())
        .isEqualTo(404);
    assertThat(stranger.post("/api/v1/threads/" + id + "/read", Map.of("seq", 1)).status())
        .isEqualTo(404);
    assertThat(stranger.get("/api/v1/threads/does-not-exist").status()).isEqualTo(404);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
