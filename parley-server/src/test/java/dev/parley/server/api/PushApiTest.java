package dev.parley.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.eatthepath.pushy.apns.server.RejectionReason;
import dev.parley.push.testing.MockApns;
import dev.parley.push.testing.MockFcm;
import dev.parley.push.testing.PushTestKeys;
import dev.parley.server.config.PushSettings;
import dev.parley.server.config.ServerConfig;
import dev.parley.server.config.TaskSettings;
import dev.parley.server.testing.ApiClient;
import dev.parley.server.testing.TestServer;
import dev.parley.server.testing.TestUser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Offline notifications to phones, end to end: a node configured for APNs (Pushy's mock server over
 * TLS) and FCM (a local token server and send endpoint), driven through the API.
 */
class PushApiTest {
  private static final String PROJECT = "parley-e2e";
  private static final AtomicInteger TOKENS = new AtomicInteger(0x5000);

  @TempDir static Path dir;
  static PushTestKeys keys;
  static MockApns apns;
  static MockFcm fcm;
  static TestServer server;
  static ApiClient api;

  @BeforeAll
  static void start() {
    keys = PushTestKeys.create(dir.resolve("keys"));
    apns = new MockApns(keys);
    fcm = new MockFcm(keys);
    server = new TestServer(dir.resolve("node"), PushApiTest::configure);
    api = server.client();
  }

  static ServerConfig configure(ServerConfig c) {
    PushSettings push =
        c.push()
            .withApns(
                new PushSettings.Apns(
                    keys.apnsSigningKey(),
                    PushTestKeys.KEY_ID,
                    PushTestKeys.TEAM_ID,
                    PushTestKeys.TOPIC,
                    "127.0.0.1",
                    apns.port(),
                    false,
                    keys.serverCertificate()))
            .withFcm(
                new PushSettings.Fcm(
                    PROJECT,
                    keys.serviceAccountFile(PROJECT, fcm.tokenUri()),
                    fcm.endpoint(),
                    null));
    TaskSettings quick =
        new TaskSettings(
            c.tasks().workers(),
            3,
            Duration.ofMillis(300),
            Duration.ofSeconds(5),
            Duration.ofSeconds(1));
    return c.withPush(push).withTasks(quick);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (fcm != null) {
      fcm.close();
    }
    if (apns != null) {
      apns.close();
    }
  }

  private static String apnsToken() {
    return String.format("%064x", TOKENS.incrementAndGet());
  }

  private static String fcmToken() {
    return "fcm-" + TOKENS.incrementAndGet() + ":APA91b_e2e";
  }

  private static String register(TestUser user, String platform, String token) {
    var answer = user.post("/api/v1/devices", Map.of("platform", platform, "token", token));
    assertThat(answer.status()).as(answer.text()).isEqualTo(201);
    return answer.get("device").get("id").asText();
  }

  private static List<MockApns.Received> apnsTo(String token) {
    return apns.received().stream().filter(r -> r.token().equals(token)).toList();
  }

  private static List<MockFcm.Received> fcmTo(String token) {
    return fcm.received().stream().filter(r -> r.token().equals(token)).toList();
  }

  @Test
  void anOfflineMemberGetsOneNotificationOnEachPhoneWithItsTotalUnreadAsBadge() {
    TestUser alice = api.newUser("Alice");
    TestUser bob = api.newUser("Bob");
    String iphone = apnsToken();
    String pixel = fcmToken();
    apns.register(iphone);
    register(bob, "apns", iphone);
    register(bob, "fcm", pixel);
    String direct = alice.directWith(bob);
    bob.call("PATCH", "/api/v1/threads/" + direct + "/settings", Map.of("muted", true));
    alice.send(direct, "muted: counts as unread, never notifies");
    String group = alice.group("Lunch club", bob);

    alice.send(group, "noon at the usual place?");

    await().atMost(Duration.ofSeconds(10)).until(() -> !apnsTo(iphone).isEmpty());
    await().atMost(Duration.ofSeconds(10)).until(() -> !fcmTo(pixel).isEmpty());
    MockApns.Received ios = apnsTo(iphone).getFirst();
    assertThat(ios.topic()).isEqualTo(PushTestKeys.TOPIC);
    assertThat(ios.collapseId()).isEqualTo(group);
    assertThat(ios.payload().at("/aps/alert/title").asText()).isEqualTo("Lunch club");
    assertThat(ios.payload().at("/aps/alert/body").asText())
        .isEqualTo("Alice: noon at the usual place?");
    assertThat(ios.payload().at("/aps/badge").asLong()).isEqualTo(2);
    MockFcm.Received android = fcmTo(pixel).getFirst();
    assertThat(android.path()).isEqualTo("/v1/projects/" + PROJECT + "/messages:send");
    assertThat(android.authorization()).startsWith("Bearer ya29.parley-test-");
    assertThat(android.body().at("/message/notification/title").asText()).isEqualTo("Lunch club");
    assertThat(android.body().at("/message/data/badge").asText()).isEqualTo("2");
    assertThat(android.body().at("/message/android/collapse_key").asText()).isEqualTo(group);
    assertThat(android.body().at("/message/android/notification/notification_count").asLong())
        .isEqualTo(2);
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(2))
        .until(() -> apnsTo(iphone).size() == 1 && fcmTo(pixel).size() == 1);
    assertThat(metric("parley_push_sent_total{platform=\"apns\"}")).isGreaterThanOrEqualTo(1);
    assertThat(metric("parley_push_sent_total{platform=\"fcm\"}")).isGreaterThanOrEqualTo(1);
  }

  @Test
  void aDeadTokenDeletesItsDeviceOnEachPlatform() {
    TestUser alice = api.newUser("Alice");
    TestUser bob = api.newUser("Bob");
    String iphone = apnsToken();
    String pixel = fcmToken();
    apns.register(iphone);
    apns.unregister(iphone);
    fcm.answer(pixel, MockFcm.Answer.error(404, "NOT_FOUND", "UNREGISTERED"));
    register(bob, "apns", iphone);
    register(bob, "fcm", pixel);

    alice.send(alice.directWith(bob), "anyone?");

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> bob.get("/api/v1/devices").get("devices").isEmpty());
    assertThat(fcmTo(pixel)).hasSize(1);
    assertThat(apns.rejected()).contains(iphone);
  }

  @Test
  void busyServicesAreRetriedHonouringRetryAfterThenDeadLettered() {
    TestUser alice = api.newUser("Alice");
    TestUser bob = api.newUser("Bob");
    String iphone = apnsToken();
    String pixel = fcmToken();
    apns.register(iphone);
    apns.reject(iphone, RejectionReason.SERVICE_UNAVAILABLE);
    fcm.answer(
        pixel, MockFcm.Answer.error(429, "RESOURCE_EXHAUSTED", "QUOTA_EXCEEDED").retryAfter("1"));
    register(bob, "apns", iphone);
    register(bob, "fcm", pixel);
    double apnsDead = metric("parley_push_dead_lettered_total{platform=\"apns\"}");
    double fcmDead = metric("parley_push_dead_lettered_total{platform=\"fcm\"}");
    long start = System.nanoTime();

    alice.send(alice.directWith(bob), "are you there?");

    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> metric("parley_push_dead_lettered_total{platform=\"fcm\"}") > fcmDead);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> metric("parley_push_dead_lettered_total{platform=\"apns\"}") > apnsDead);
    assertThat(fcmTo(pixel)).hasSize(3);
    assertThat(apns.rejected().stream().filter(iphone::equals)).hasSize(3);
    // Retry-After: 1 beats the 300 ms backoff: the three attempts span at least 2 s.
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofSeconds(2));
    assertThat(metric("parley_push_retried_total{platform=\"apns\"}")).isGreaterThanOrEqualTo(2);
    assertThat(metric("parley_push_retried_total{platform=\"fcm\"}")).isGreaterThanOrEqualTo(2);
    assertThat(bob.get("/api/v1/devices").get("devices")).hasSize(2);
  }

  @Test
  void configuredPlatformsAcceptTheirTokensAndRefuseMalformedOnes() {
    TestUser carol = api.newUser("Carol");

    assertThat(
            carol.post("/api/v1/devices", Map.of("platform", "apns", "token", "not-hex!")).status())
        .isEqualTo(400);
    assertThat(
            carol
                .post("/api/v1/devices", Map.of("platform", "fcm", "token", "has spaces in it"))
                .status())
        .isEqualTo(400);
    register(carol, "apns", apnsToken());
    register(carol, "fcm", fcmToken());
    assertThat(carol.get("/api/v1/devices").get("devices")).hasSize(2);
  }

  private static double metric(String series) {
    return api.get("/metrics", null)
        .text()
        .lines()
        .filter(l -> l.startsWith(series + " "))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .findFirst()
        .orElse(0);
  }
}
