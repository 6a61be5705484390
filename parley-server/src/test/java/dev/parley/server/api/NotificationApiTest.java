package dev.parley.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.push.WebhookSigner;
import dev.parley.server.config.ServerConfig;
import dev.parley.server.config.TaskSettings;
import dev.parley.server.testing.Answer;
import dev.parley.server.testing.ApiClient;
import dev.parley.server.testing.TestServer;
import dev.parley.server.testing.TestUser;
import dev.parley.server.testing.WebhookReceiver;
import dev.parley.server.testing.WsClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotificationApiTest {
  @TempDir static Path dir;
  static TestServer server;
  static ApiClient api;
  final WebhookReceiver hook = new WebhookReceiver();

  @BeforeAll
  static void start() {
    server = new TestServer(dir, NotificationApiTest::threeQuickAttempts);
    api = server.client();
  }

  static ServerConfig threeQuickAttempts(ServerConfig c) {
    return c.withTasks(
        new TaskSettings(
            c.tasks().workers(),
            3,
            Duration.ofMillis(300),
            Duration.ofSeconds(5),
            Duration.ofSeconds(1)));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @AfterEach
  void closeHook() {
    hook.close();
  }

  @Test
  void anOfflineMemberIsNotifiedOnItsWebhook() {
    TestUser alice = api.newUser("na");
    TestUser bob = api.newUser("nb");
    Answer device = bob.post("/api/v1/devices", Map.of("platform", "webhook", "token", hook.url()));
    assertThat(device.status()).isEqualTo(201);
    assertThat(device.get("device").get("platform").asText()).isEqualTo("webhook");
    assertThat(device.text()).doesNotContain(hook.url());
    String id = alice.directWith(bob);
    JsonNode sent = alice.send(id, "are you there?");

    await().atMost(Duration.ofSeconds(10)).until(() -> !hook.calls().isEmpty());
    JsonNode body = hook.calls().getFirst().body();
    assertThat(body.get("type").asText()).isEqualTo("message");
    assertThat(body.get("thread_id").asText()).isEqualTo(id);
    assertThat(body.get("message").get("id")).isEqualTo(sent.get("id"));
    assertThat(body.get("unread_count").asLong()).isEqualTo(1);
    assertThat(alice.get("/api/v1/devices").get("devices")).isEmpty();
    assertThat(bob.get("/api/v1/devices").get("devices")).hasSize(1);
  }

  @Test
  void aWebhookIsSignedWithTheSecretKeptInTheDataDirectory() throws Exception {
    TestUser alice = api.newUser("nj");
    TestUser bob = api.newUser("nk");
    bob.post("/api/v1/devices", Map.of("platform", "webhook", "token", hook.url()));
    alice.send(alice.directWith(bob), "signed?");

    await().atMost(Duration.ofSeconds(10)).until(() -> !hook.calls().isEmpty());
    WebhookReceiver.Call call = hook.calls().getFirst();
    String secret = Files.readString(dir.resolve("webhook-secret")).strip();
    assertThat(secret).hasSize(64);
    assertThat(call.signature()).startsWith("sha256=");
    assertThat(new WebhookSigner(secret).verify(call.raw(), call.signature())).isTrue();
    assertThat(call.body().get("total_unread").asLong()).isEqualTo(1);
    assertThat(Files.getPosixFilePermissions(dir.resolve("webhook-secret")))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
  }

  @Test
  void connectedAndMutedMembersAreNotNotified() throws Exception {
    TestUser alice = api.newUser("nc");
    TestUser online = api.newUser("nd");
    TestUser muted = api.newUser("ne");
    online.post(
        "/api/v1/devices", Map.of("platform", "webhook", "token", hook.url() + "?u=online"));
    muted.post("/api/v1/devices", Map.of("platform", "webhook", "token", hook.url() + "?u=muted"));
    String id = alice.group("quiet", online, muted);
    muted.call("PATCH", "/api/v1/threads/" + id + "/settings", Map.of("muted", true));
    try (WsClient ws = online.connect()) {
      alice.send(id, "nobody should be pinged");
      ws.next("message");
      Thread.sleep(1500);
    }
    assertThat(hook.calls()).isEmpty();
  }

  @Test
  void aFailingWebhookIsRetriedWithBackoffThenDeadLettered() {
    hook.answer(500);
    TestUser alice = api.newUser("nf");
    TestUser bob = api.newUser("ng");
    bob.post("/api/v1/devices", Map.of("platform", "webhook", "token", hook.url()));
    double deadBefore = deadLetters();
    alice.send(alice.directWith(bob), "ping?");

    await().atMost(Duration.ofSeconds(15)).until(() -> hook.calls().size() >= 3);
    await().atMost(Duration.ofSeconds(5)).until(() -> deadLetters() > deadBefore);
    List<WebhookReceiver.Call> calls = hook.calls();
    long firstGap = calls.get(1).nanos() - calls.get(0).nanos();
    long secondGap = calls.get(2).nanos() - calls.get(1).nanos();
    assertThat(Duration.ofNanos(firstGap)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
    assertThat(Duration.ofNanos(secondGap)).isGreaterThanOrEqualTo(Duration.ofMillis(550));
    assertThat(calls).hasSize(3);
  }

  @Test
  void devicesAreValidatedAndOwned() {
    TestUser a = api.newUser("nh");
    TestUser b = api.newUser("ni");
    assertThat(
            a.post("/api/v1/devices", Map.of("platform", "webhook", "token", "not a url")).status())
        .isEqualTo(400);
    assertThat(a.post("/api/v1/devices", Map.of("platform", "pager", "token", "x")).status())
        .isEqualTo(400);
    assertThat(a.post("/api/v1/devices", Map.of("platform", "apns", "token", "abc")).status())
        .isEqualTo(400);
    String deviceId =
        a.post("/api/v1/devices", Map.of("platform", "webhook", "token", hook.url()))
            .get("device")
            .get("id")
            .asText();
    assertThat(b.call("DELETE", "/api/v1/devices/" + deviceId, null).status()).isEqualTo(404);
    assertThat(a.call("DELETE", "/api/v1/devices/" + deviceId, null).status()).isEqualTo(204);
    assertThat(a.get("/api/v1/devices").get("devices")).isEmpty();
  }

  private static double deadLetters() {
    String metrics = api.get("/metrics", null).text();
    return metrics
        .lines()
        .filter(l -> l.startsWith("parley_queue_dead_letters "))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1)))
        .findFirst()
        .orElseThrow();
  }
}
