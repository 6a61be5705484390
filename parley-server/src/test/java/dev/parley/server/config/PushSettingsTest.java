package dev.parley.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.server.testing.TestServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The push configuration: flags, defaults and the refusal of what cannot work. */
class PushSettingsTest {
  @TempDir Path dir;

  private static ServerConfig parse(String... args) {
    ServeCommand command = new ServeCommand();
    new CommandLine(command).parseArgs(args);
    return command.config();
  }

  private static PushSettings.Apns apns(Path key, String keyId, String teamId, String topic) {
    return new PushSettings.Apns(
        key, keyId, teamId, topic, PushSettings.APNS_PRODUCTION_HOST, 443, false, null);
  }

  @Test
  void byDefaultNeitherApnsNorFcmIsEnabledAndTheHostsAreGoogleAndApples() {
    PushSettings push = parse().push();

    assertThat(push.apns().enabled()).isFalse();
    assertThat(push.fcm().enabled()).isFalse();
    assertThat(push.apns().effectiveHost()).isEqualTo("api.push.apple.com");
    assertThat(push.apns().port()).isEqualTo(443);
    assertThat(push.fcm().endpoint()).isEqualTo(URI.create("https://fcm.googleapis.com"));
    assertThat(push.fcm().tokenUri()).isNull();
    assertThat(push.webhookSecret()).isNull();
    assertThat(push.timeout()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void theFlagsConfigureBothPlatforms() {
    PushSettings push =
        parse(
                "--apns-key-file=/keys/AuthKey.p8",
                "--apns-key-id=ABCDE12345",
                "--apns-team-id=TEAM123456",
                "--apns-topic=com.example.chat",
                "--apns-sandbox",
                "--fcm-project-id=example-chat",
                "--fcm-service-account-file=/keys/sa.json",
                "--fcm-endpoint=http://127.0.0.1:9999",
                "--fcm-token-uri=http://127.0.0.1:9999/token",
                "--webhook-secret=0123456789abcdef0123",
                "--push-timeout=3s")
            .push();

    assertThat(push.apns().enabled()).isTrue();
    assertThat(push.apns().effectiveHost()).isEqualTo("api.sandbox.push.apple.com");
    assertThat(push.apns().topic()).isEqualTo("com.example.chat");
    assertThat(push.fcm().enabled()).isTrue();
    assertThat(push.fcm().tokenUri()).isEqualTo(URI.create("http://127.0.0.1:9999/token"));
    assertThat(push.webhookSecret()).isEqualTo("0123456789abcdef0123");
    assertThat(push.timeout()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void aSandboxWithAHostOfItsOwnKeepsThatHost() {
    PushSettings.Apns apns =
        new PushSettings.Apns(
            Path.of("k.p8"), "ABCDE12345", "TEAM123456", "t", "127.0.0.1", 8443, true, null);

    assertThat(apns.effectiveHost()).isEqualTo("127.0.0.1");
  }

  @Test
  void aHalfConfiguredApnsIsRefusedNamingWhatIsMissing() {
    assertThatThrownBy(() -> apns(Path.of("k.p8"), "ABCDE12345", null, null))
        .hasMessageContaining("APNs is half-configured")
        .hasMessageContaining("--apns-team-id, --apns-topic are missing");
    assertThatThrownBy(() -> parse("--apns-topic=com.example.chat"))
        .hasMessageContaining("--apns-key-file, --apns-key-id, --apns-team-id are missing");
    assertThatThrownBy(() -> apns(Path.of("k.p8"), "short", "TEAM123456", "t"))
        .hasMessageContaining("--apns-key-id");
  }

  @Test
  void aHalfConfiguredFcmIsRefusedNamingWhatIsMissing() {
    assertThatThrownBy(() -> parse("--fcm-project-id=example"))
        .hasMessageContaining("FCM is half-configured: --fcm-service-account-file is missing");
    assertThatThrownBy(() -> parse("--fcm-service-account-file=/keys/sa.json"))
        .hasMessageContaining("FCM is half-configured: --fcm-project-id is missing");
    assertThatThrownBy(() -> parse("--fcm-endpoint=ftp://x"))
        .hasMessageContaining("--fcm-endpoint");
  }

  @Test
  void aShortWebhookSecretIsRefused() {
    assertThatThrownBy(() -> parse("--webhook-secret=tooshort"))
        .hasMessageContaining("--webhook-secret must be at least 16 bytes");
  }

  @Test
  void aClusterMustBeGivenTheWebhookSecretThatAllItsNodesShare() {
    String[] cluster = {
      "--store=postgres",
      "--db-url=jdbc:postgresql://127.0.0.1/x",
      "--bus=redis",
      "--redis-url=redis://127.0.0.1"
    };
    assertThatThrownBy(() -> parse(cluster)).hasMessageContaining("--webhook-secret");

    String[] withSecret = new String[cluster.length + 1];
    System.arraycopy(cluster, 0, withSecret, 0, cluster.length);
    withSecret[cluster.length] = "--webhook-secret=0123456789abcdef0123";
    assertThat(parse(withSecret).push().webhookSecret()).isEqualTo("0123456789abcdef0123");
    assertThat(
            parse("--store=postgres", "--db-url=jdbc:postgresql://x/y", "--single-node")
                .push()
                .webhookSecret())
        .isNull();
  }

  @Test
  void aKeyFileThatCannotBeReadStopsTheStartWithItsName() throws Exception {
    Path broken = Files.writeString(dir.resolve("AuthKey_BROKEN.p8"), "not a key");

    assertThatThrownBy(
            () ->
                new TestServer(
                    dir.resolve("node"),
                    c ->
                        c.withPush(
                            c.push().withApns(apns(broken, "ABCDE12345", "TEAM123456", "t")))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("AuthKey_BROKEN.p8");
  }
}
