package dev.parley.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.server.testing.ApiClient;
import dev.parley.server.testing.TestServer;
import dev.parley.server.testing.TestUser;
import dev.parley.server.testing.WebhookReceiver;
import dev.parley.server.testing.WsClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestartApiTest {
  @TempDir Path dir;

  @Test
  void aRestartOnTheSameDataDirectoryKeepsEverything() {
    try (WebhookReceiver hook = new WebhookReceiver();
        TestServer server = new TestServer(dir)) {
      ApiClient api = server.client();
      TestUser alice = api.newUser("keep");
      TestUser bob = api.newUser("keep");
      TestUser carol = api.newUser("keep");
      String direct = alice.directWith(bob);
      String group = alice.group("durable", bob, carol);
      alice.send(direct, "one");
      alice.send(direct, "two");
      bob.post("/api/v1/threads/" + direct + "/read", Map.of("seq", 1));
      carol.call("PATCH", "/api/v1/threads/" + group + "/settings", Map.of("nickname", "D"));
      hook.answer(503);
      carol.post("/api/v1/devices", Map.of("platform", "webhook", "token", hook.url()));
      alice.send(group, "notify carol");
      await().atMost(Duration.ofSeconds(10)).until(() -> !hook.calls().isEmpty());

      WsClient open = alice.connect();
      server.stop();
      assertThat(open.awaitClose()).as("a graceful stop closes sockets with 1001").isEqualTo(1001);
      hook.answer(204);
      int callsWhileDown = hook.calls().size();
      server.start();
      ApiClient after = server.client();

      TestUser bobAgain = new TestUser(bob.id(), bob.username(), bob.token(), after);
      assertThat(bobAgain.get("/api/v1/me").status()).isEqualTo(200);
      assertThat(after.login(alice.username(), "correct horse").id()).isEqualTo(alice.id());
      var thread = bobAgain.thread(direct);
      assertThat(thread.get("last_seq").asLong()).isEqualTo(2);
      assertThat(thread.get("last_read_seq").asLong()).isEqualTo(1);
      assertThat(thread.get("unread_count").asLong()).isEqualTo(1);
      assertThat(bobAgain.get("/api/v1/threads/" + direct + "/messages").get("messages"))
          .hasSize(2);
      TestUser carolAgain = new TestUser(carol.id(), carol.username(), carol.token(), after);
      assertThat(carolAgain.thread(group).get("nickname").asText()).isEqualTo("D");
      assertThat(carolAgain.thread(group).get("participant_ids")).hasSize(3);
      await().atMost(Duration.ofSeconds(15)).until(() -> hook.calls().size() > callsWhileDown);
      assertThat(hook.calls().getLast().body().get("message").get("body").asText())
          .isEqualTo("notify carol");
    }
  }
}
