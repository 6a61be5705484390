package dev.parley.server.config;

import static dev.parley.server.config.Checks.positive;
import static dev.parley.server.config.Checks.require;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Offline notifications to phones and webhooks: APNs and FCM, each enabled when configured, and the
 * secret that signs webhook bodies. A platform given only some of its options is refused, naming
 * what is missing, rather than started half-way.
 *
 * @param apns Apple's push service; {@link Apns#enabled()} false when not configured
 * @param fcm Firebase Cloud Messaging; {@link Fcm#enabled()} false when not configured
 * @param webhookSecret signs webhook bodies (HMAC-SHA256); null: generated once and kept in the
 *     data directory (refused for a cluster, whose nodes must share it)
 * @param timeout how long one APNs or FCM send may take
 */
public record PushSettings(Apns apns, Fcm fcm, String webhookSecret, Duration timeout) {

  public static final String APNS_PRODUCTION_HOST = "api.push.apple.com";
  public static final String APNS_SANDBOX_HOST = "api.sandbox.push.apple.com";
  public static final URI FCM_ENDPOINT = URI.create("https://fcm.googleapis.com");

  /** The fewest bytes a webhook secret may have. */
  public static final int MIN_SECRET_BYTES = 16;

  public PushSettings {
    require(apns != null && fcm != null, "push settings need apns and fcm (maybe disabled)");
    require(
        webhookSecret == null
            || webhookSecret.getBytes(StandardCharsets.UTF_8).length >= MIN_SECRET_BYTES,
        "--webhook-secret must be at least " + MIN_SECRET_BYTES + " bytes");
    require(positive(timeout), "--push-timeout must be positive");
  }

  /** Neither APNs nor FCM, a generated webhook secret, a 10 s timeout. */
  public static PushSettings defaults() {
    return new PushSettings(Apns.disabled(), Fcm.disabled(), null, Duration.ofSeconds(10));
  }

  public PushSettings withApns(Apns newApns) {
    return new PushSettings(newApns, fcm, webhookSecret, timeout);
  }

  public PushSettings withFcm(Fcm newFcm) {
    return new PushSettings(apns, newFcm, webhookSecret, timeout);
  }

  public PushSettings withWebhookSecret(String secret) {
    return new PushSettings(apns, fcm, secret, timeout);
  }

  /**
   * APNs with token authentication. Enabled when any of the key file, key id, team id and topic is
   * given; then all four are required.
   *
   * @param host APNs' host; with {@code sandbox} the default production host becomes the sandbox
   *     one (another host is kept as given)
   * @param caFile PEM certificates to trust for {@code host} instead of the JDK's (a local test
   *     server); null for the JDK's
   */
  public record Apns(
      Path keyFile,
      String keyId,
      String teamId,
      String topic,
      String host,
      int port,
      boolean sandbox,
      Path caFile) {

    private static final Pattern APPLE_ID = Pattern.compile("[A-Z0-9]{10}");

    public Apns {
      keyId = blankToNull(keyId);
      teamId = blankToNull(teamId);
      topic = blankToNull(topic);
      host = blankToNull(host) == null ? APNS_PRODUCTION_HOST : host.strip();
      boolean any = keyFile != null || keyId != null || teamId != null || topic != null;
      if (any) {
        List<String> missing = new ArrayList<>();
        if (keyFile == null) {
          missing.add("--apns-key-file");
        }
        if (keyId == null) {
          missing.add("--apns-key-id");
        }
        if (teamId == null) {
          missing.add("--apns-team-id");
        }
        if (topic == null) {
          missing.add("--apns-topic");
        }
        require(
            missing.isEmpty(),
            "APNs is half-configured: "
                + String.join(", ", missing)
                + (missing.size() == 1 ? " is" : " are")
                + " missing (APNs needs --apns-key-file, --apns-key-id, --apns-team-id and"
                + " --apns-topic)");
        require(
            APPLE_ID.matcher(keyId).matches(),
            "--apns-key-id must be the 10-character key id (A-Z, 0-9)");
        require(
            APPLE_ID.matcher(teamId).matches(),
            "--apns-team-id must be the 10-character team id (A-Z, 0-9)");
      }
      require(port >= 1 && port <= 65535, "--apns-port must be 1..65535");
    }

    public static Apns disabled() {
      return new Apns(null, null, null, null, APNS_PRODUCTION_HOST, 443, false, null);
    }

    public boolean enabled() {
      return keyFile != null;
    }

    /** The host to connect to: the sandbox's for {@code --apns-sandbox} on the default host. */
    public String effectiveHost() {
      return sandbox && host.equals(APNS_PRODUCTION_HOST) ? APNS_SANDBOX_HOST : host;
    }
  }

  /**
   * FCM's HTTP v1 API. Enabled when the project id or the service-account file is given; then both
   * are required.
   *
   * @param endpoint FCM's API root, {@code https://fcm.googleapis.com} by default
   * @param tokenUri the OAuth2 token server; null for the one the service-account file names
   */
  public record Fcm(String projectId, Path serviceAccountFile, URI endpoint, URI tokenUri) {

    private static final Pattern PROJECT = Pattern.compile("[A-Za-z0-9.:_-]{1,128}");

    public Fcm {
      projectId = blankToNull(projectId);
      endpoint = endpoint == null ? FCM_ENDPOINT : endpoint;
      if (projectId != null || serviceAccountFile != null) {
        require(
            projectId != null,
            "FCM is half-configured: --fcm-project-id is missing (FCM needs --fcm-project-id and"
                + " --fcm-service-account-file)");
        require(
            serviceAccountFile != null,
            "FCM is half-configured: --fcm-service-account-file is missing (FCM needs"
                + " --fcm-project-id and --fcm-service-account-file)");
        require(
            PROJECT.matcher(projectId).matches(),
            "--fcm-project-id must be a Firebase project id (A-Z a-z 0-9 . : _ -)");
      }
      require(isHttpUrl(endpoint), "--fcm-endpoint must be an http(s) URL");
      require(tokenUri == null || isHttpUrl(tokenUri), "--fcm-token-uri must be an http(s) URL");
    }

    public static Fcm disabled() {
      return new Fcm(null, null, FCM_ENDPOINT, null);
    }

    public boolean enabled() {
      return projectId != null;
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  private static boolean isHttpUrl(URI uri) {
    return uri != null
        && uri.isAbsolute()
        && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
        && uri.getHost() != null;
  }
}
