package dev.parley.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.parley.core.model.Platform;
import dev.parley.core.notify.DeliveryResult;
import dev.parley.push.testing.MockFcm;
import dev.parley.push.testing.MockFcm.Answer;
import dev.parley.push.testing.PushTestKeys;
import dev.parley.push.testing.Samples;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The FCM sender against a local token server and FCM HTTP v1 endpoint. */
class FcmNotifierTest {
  private static final String PROJECT = "parley-test";
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);

  @TempDir static Path dir;
  static PushTestKeys keys;
  MockFcm fcm;
  FcmNotifier notifier;

  @BeforeAll
  static void makeKeys() {
    keys = PushTestKeys.create(dir.resolve("keys"));
  }

  @BeforeEach
  void start() {
    fcm = new MockFcm(keys);
    notifier = FcmNotifier.create(config(fcm.endpoint(), fcm.tokenUri()), CLOCK);
  }

  @AfterEach
  void stop() {
    notifier.close();
    fcm.close();
  }

  private static FcmNotifier.Config config(URI endpoint, URI tokenUri) {
    // The file names Google's token server: the configured token URI must win over it.
    Path account = keys.serviceAccountFile(PROJECT, URI.create("https://oauth2.invalid/token"));
    return new FcmNotifier.Config(PROJECT, account, endpoint, tokenUri, Duration.ofSeconds(2));
  }

  private DeliveryResult send(String token) {
    return notifier.send(Samples.device(Platform.FCM, token), Samples.group("lunch at noon?"));
  }

  @Test
  void aSendIsAuthorizedPostedToTheProjectAndShapedAsV1Wants() {
    DeliveryResult result = send("tok-1:APA91b");

    assertThat(result).isEqualTo(new DeliveryResult.Delivered());
    assertThat(fcm.tokenErrors()).isEmpty();
    MockFcm.Received got = fcm.received().getFirst();
    assertThat(got.path()).isEqualTo("/v1/projects/parley-test/messages:send");
    assertThat(got.authorization()).isEqualTo("Bearer " + MockFcm.accessToken(1));
    assertThat(got.contentType()).startsWith("application/json");
    assertThat(got.token()).isEqualTo("tok-1:APA91b");
    assertThat(got.body().at("/message/notification/title").asText()).isEqualTo("Team");
    assertThat(got.body().at("/message/notification/body").asText())
        .isEqualTo("Bob: lunch at noon?");
    assertThat(got.body().at("/message/data/thread_id").asText()).isEqualTo(Samples.THREAD_ID);
    assertThat(got.body().at("/message/data/badge").asText()).isEqualTo("9");
    assertThat(got.body().at("/message/android/collapse_key").asText())
        .isEqualTo(Samples.THREAD_ID);
  }

  @Test
  void theAccessTokenIsFetchedOnceAndReused() {
    send("tok-a");
    send("tok-b");
    send("tok-c");

    assertThat(fcm.tokensIssued()).isEqualTo(1);
    assertThat(fcm.received())
        .extracting(MockFcm.Received::authorization)
        .containsOnly("Bearer " + MockFcm.accessToken(1));
  }

  @Test
  void anUnregisteredTokenIsInvalid() {
    fcm.answer("gone", Answer.error(404, "NOT_FOUND", "UNREGISTERED"));

    assertThat(send("gone")).isEqualTo(new DeliveryResult.TokenInvalid("fcm 404 UNREGISTERED"));
  }

  @Test
  void anInvalidArgumentAboutTheTokenIsAnInvalidToken() {
    fcm.answer(
        "garbled",
        new Answer(
            400,
            """
            {"error": {"code": 400, "message": "The registration token is not a valid FCM registration token",
              "status": "INVALID_ARGUMENT",
              "details": [{"@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError",
                           "errorCode": "INVALID_ARGUMENT"}]}}""",
            null));

    assertThat(send("garbled")).isInstanceOf(DeliveryResult.TokenInvalid.class);
  }

  @Test
  void anInvalidArgumentAboutThePayloadIsAPermanentFailure() {
    fcm.answer(
        "fine",
        new Answer(
            400,
            """
            {"error": {"code": 400, "message": "Invalid value at 'message.android.priority'",
              "status": "INVALID_ARGUMENT",
              "details": [{"@type": "type.googleapis.com/google.rpc.BadRequest",
                "fieldViolations": [{"field": "message.android.priority",
                                     "description": "Invalid value"}]}]}}""",
            null));

    assertThat(send("fine")).isEqualTo(new DeliveryResult.Failed("fcm 400 INVALID_ARGUMENT"));
  }

  @Test
  void aFieldViolationOnTheTokenIsAnInvalidToken() {
    fcm.answer(
        "bad",
        new Answer(
            400,
            """
            {"error": {"code": 400, "message": "Request contains an invalid argument.",
              "status": "INVALID_ARGUMENT",
              "details": [{"@type": "type.googleapis.com/google.rpc.BadRequest",
                "fieldViolations": [{"field": "message.token",
                                     "description": "Invalid registration token"}]}]}}""",
            null));

    assertThat(send("bad")).isInstanceOf(DeliveryResult.TokenInvalid.class);
  }

  @Test
  void aQuotaAnswerIsRetriedAfterItsRetryAfter() {
    fcm.answer("busy", Answer.error(429, "RESOURCE_EXHAUSTED", "QUOTA_EXCEEDED").retryAfter("7"));

    assertThat(send("busy"))
        .isEqualTo(new DeliveryResult.Retry("fcm 429 QUOTA_EXCEEDED", Duration.ofSeconds(7)));
  }

  @Test
  void anUnavailableServiceIsRetried() {
    fcm.answer("later", Answer.error(503, "UNAVAILABLE", "UNAVAILABLE"));
    fcm.answer("bare", new Answer(503, "", "Sun, 01 Mar 2026 12:01:00 GMT"));

    assertThat(send("later")).isEqualTo(new DeliveryResult.Retry("fcm 503 UNAVAILABLE", null));
    assertThat(send("bare"))
        .isEqualTo(new DeliveryResult.Retry("fcm 503 HTTP 503", Duration.ofSeconds(60)));
  }

  @Test
  void aSenderMismatchIsAPermanentFailureNotADeletion() {
    fcm.answer("other", Answer.error(403, "PERMISSION_DENIED", "SENDER_ID_MISMATCH"));

    assertThat(send("other")).isEqualTo(new DeliveryResult.Failed("fcm 403 SENDER_ID_MISMATCH"));
  }

  @Test
  void aRefusedAccessTokenIsRetriedWithANewOne() {
    fcm.answer("t", Answer.error(401, "UNAUTHENTICATED", null));

    assertThat(send("t")).isEqualTo(new DeliveryResult.Retry("fcm 401 UNAUTHENTICATED", null));
    await().atMost(Duration.ofSeconds(5)).until(() -> fcm.tokensIssued() == 2);
    send("u");
    assertThat(fcm.received().getLast().authorization())
        .isEqualTo("Bearer " + MockFcm.accessToken(2));
  }

  @Test
  void aTokenServerThatFailsIsRetriedAndNothingIsSent() {
    fcm.tokenStatus(503);

    DeliveryResult result = send("t");

    assertThat(result).isInstanceOf(DeliveryResult.Retry.class);
    assertThat(((DeliveryResult.Retry) result).reason()).startsWith("fcm access token");
    assertThat(fcm.received()).isEmpty();
  }

  @Test
  void anUnreachableEndpointIsRetried() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    try (FcmNotifier nowhere =
        FcmNotifier.create(
            config(URI.create("http://127.0.0.1:" + closedPort), fcm.tokenUri()), CLOCK)) {
      DeliveryResult result = nowhere.send(Samples.device(Platform.FCM, "t"), Samples.direct("hi"));

      assertThat(result).isInstanceOf(DeliveryResult.Retry.class);
      assertThat(((DeliveryResult.Retry) result).reason()).startsWith("fcm I/O error");
    }
  }

  @Test
  void aBrokenServiceAccountFileIsRefusedAtCreation() throws IOException {
    Path broken = Files.writeString(dir.resolve("broken.json"), "{\"type\": \"service_account\"}");

    assertThatThrownBy(
            () ->
                FcmNotifier.create(
                    new FcmNotifier.Config(
                        PROJECT, broken, fcm.endpoint(), null, Duration.ofSeconds(1)),
                    CLOCK))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("broken.json");
    assertThatThrownBy(
            () ->
                new FcmNotifier.Config("a/b", broken, fcm.endpoint(), null, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void answersWithoutAJsonBodyAreMappedByStatus() {
    assertThat(FcmNotifier.result(200, "{}", null, CLOCK))
        .isEqualTo(new DeliveryResult.Delivered());
    assertThat(FcmNotifier.result(500, "<html>", null, CLOCK))
        .isEqualTo(new DeliveryResult.Retry("fcm 500 HTTP 500", null));
    assertThat(FcmNotifier.result(400, null, null, CLOCK))
        .isEqualTo(new DeliveryResult.Failed("fcm 400 HTTP 400"));
    assertThat(FcmNotifier.result(401, "", null, CLOCK)).isInstanceOf(DeliveryResult.Retry.class);
    String apnsCertificateRefused =
        Answer.error(401, "UNAUTHENTICATED", "THIRD_PARTY_AUTH_ERROR").body();
    assertThat(FcmNotifier.result(401, apnsCertificateRefused, null, CLOCK))
        .isEqualTo(new DeliveryResult.Failed("fcm 401 THIRD_PARTY_AUTH_ERROR"));
  }
}
