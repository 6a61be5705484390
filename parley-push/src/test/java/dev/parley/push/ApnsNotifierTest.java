package dev.parley.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.eatthepath.pushy.apns.server.RejectionReason;
import dev.parley.core.model.Platform;
import dev.parley.core.notify.DeliveryResult;
import dev.parley.push.testing.MockApns;
import dev.parley.push.testing.PushTestKeys;
import dev.parley.push.testing.Samples;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The APNs sender against Pushy's mock APNs server, over real TLS, with token authentication. */
class ApnsNotifierTest {
  @TempDir static Path dir;
  static PushTestKeys keys;
  static MockApns apns;
  static ApnsNotifier notifier;

  @BeforeAll
  static void start() {
    keys = PushTestKeys.create(dir.resolve("keys"));
    apns = new MockApns(keys);
    notifier = ApnsNotifier.create(config(apns.port(), keys.apnsSigningKey()), Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    if (notifier != null) {
      notifier.close();
    }
    if (apns != null) {
      apns.close();
    }
  }

  static ApnsNotifier.Config config(int port, Path key) {
    return new ApnsNotifier.Config(
        key,
        PushTestKeys.KEY_ID,
        PushTestKeys.TEAM_ID,
        PushTestKeys.TOPIC,
        "127.0.0.1",
        port,
        keys.serverCertificate(),
        Duration.ofSeconds(5));
  }

  @Test
  void anAcceptedNotificationIsDeliveredWithAlertBadgeCollapseIdAndTopic() {
    String token = Samples.apnsToken(1);
    apns.register(token);

    DeliveryResult result =
        notifier.send(Samples.device(Platform.APNS, token), Samples.group("lunch at noon?"));

    assertThat(result).isEqualTo(new DeliveryResult.Delivered());
    MockApns.Received got =
        apns.received().stream().filter(r -> r.token().equals(token)).findFirst().orElseThrow();
    assertThat(got.topic()).isEqualTo(PushTestKeys.TOPIC);
    assertThat(got.collapseId()).isEqualTo(Samples.THREAD_ID);
    assertThat(got.pushType()).isEqualTo("alert");
    assertThat(got.priority()).isEqualTo("10");
    assertThat(got.authorization()).startsWith("bearer ");
    assertThat(got.payload().at("/aps/alert/title").asText()).isEqualTo("Team");
    assertThat(got.payload().at("/aps/alert/body").asText()).isEqualTo("Bob: lunch at noon?");
    assertThat(got.payload().at("/aps/badge").asLong()).isEqualTo(9);
    assertThat(got.payload().at("/aps/thread-id").asText()).isEqualTo(Samples.THREAD_ID);
  }

  @Test
  void anUnregisteredTokenIsInvalid() {
    String token = Samples.apnsToken(2);
    apns.register(token);
    apns.unregister(token);

    DeliveryResult result =
        notifier.send(Samples.device(Platform.APNS, token), Samples.direct("hi"));

    assertThat(result).isEqualTo(new DeliveryResult.TokenInvalid("apns Unregistered"));
  }

  @Test
  void aBadDeviceTokenIsInvalid() {
    String token = Samples.apnsToken(3);
    apns.reject(token, RejectionReason.BAD_DEVICE_TOKEN);

    DeliveryResult result =
        notifier.send(Samples.device(Platform.APNS, token), Samples.direct("hi"));

    assertThat(result).isEqualTo(new DeliveryResult.TokenInvalid("apns BadDeviceToken"));
  }

  @Test
  void aTokenThatIsNotHexadecimalIsInvalidWithoutAsking() {
    int before = apns.received().size() + apns.rejected().size();

    DeliveryResult result =
        notifier.send(Samples.device(Platform.APNS, "../../3/device/x"), Samples.direct("hi"));

    assertThat(result).isInstanceOf(DeliveryResult.TokenInvalid.class);
    assertThat(apns.received().size() + apns.rejected().size()).isEqualTo(before);
  }

  @ParameterizedTest
  @EnumSource(
      value = RejectionReason.class,
      names = {"TOO_MANY_REQUESTS", "SERVICE_UNAVAILABLE", "INTERNAL_SERVER_ERROR", "SHUTDOWN"})
  void rateLimitsAndServerErrorsAreRetried(RejectionReason reason) {
    String token = Samples.apnsToken(100 + reason.ordinal());
    apns.register(token);
    apns.reject(token, reason);

    DeliveryResult result =
        notifier.send(Samples.device(Platform.APNS, token), Samples.direct("hi"));

    assertThat(result).isInstanceOf(DeliveryResult.Retry.class);
    assertThat(((DeliveryResult.Retry) result).reason()).matches("apns (429|5\\d\\d) [A-Za-z]+");
  }

  @Test
  void aTooManyRequestsAnswerIsRetriedWithItsStatus() {
    String token = Samples.apnsToken(4);
    apns.reject(token, RejectionReason.TOO_MANY_REQUESTS);

    DeliveryResult result =
        notifier.send(Samples.device(Platform.APNS, token), Samples.direct("hi"));

    assertThat(result).isEqualTo(new DeliveryResult.Retry("apns 429 TooManyRequests", null));
  }

  @Test
  void aTokenOfAnotherAppIsAPermanentFailureNotADeletion() {
    String token = Samples.apnsToken(5);

    DeliveryResult result =
        notifier.send(Samples.device(Platform.APNS, token), Samples.direct("hi"));

    assertThat(result).isEqualTo(new DeliveryResult.Failed("apns 400 DeviceTokenNotForTopic"));
  }

  @Test
  void aKeyApnsDoesNotKnowIsAPermanentFailure() throws Exception {
    Path otherKey = dir.resolve("other.p8");
    PushTestKeys other = PushTestKeys.create(dir.resolve("other"));
    Files.copy(other.apnsSigningKey(), otherKey);
    String token = Samples.apnsToken(6);
    apns.register(token);

    try (ApnsNotifier impostor =
        ApnsNotifier.create(config(apns.port(), otherKey), Clock.systemUTC())) {
      DeliveryResult result =
          impostor.send(Samples.device(Platform.APNS, token), Samples.direct("hi"));

      assertThat(result).isEqualTo(new DeliveryResult.Failed("apns 403 InvalidProviderToken"));
    }
  }

  @Test
  void anUnreachableServerIsRetried() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    try (ApnsNotifier nowhere =
        ApnsNotifier.create(config(closedPort, keys.apnsSigningKey()), Clock.systemUTC())) {
      DeliveryResult result =
          nowhere.send(Samples.device(Platform.APNS, Samples.apnsToken(7)), Samples.direct("hi"));

      assertThat(result).isInstanceOf(DeliveryResult.Retry.class);
    }
  }

  @Test
  void aMissingOrBrokenKeyFileIsRefusedAtCreation() throws IOException {
    Path broken = Files.writeString(dir.resolve("broken.p8"), "not a key");

    assertThatThrownBy(
            () -> ApnsNotifier.create(config(1, dir.resolve("absent.p8")), Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("absent.p8");
    assertThatThrownBy(() -> ApnsNotifier.create(config(1, broken), Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("broken.p8");
  }

  @Test
  void itIsTheApnsNotifier() {
    assertThat(notifier.platform()).isEqualTo(Platform.APNS);
  }
}
