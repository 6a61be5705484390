package dev.parley.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import dev.parley.core.model.Device;
import dev.parley.core.model.Platform;
import dev.parley.core.notify.DeliveryResult;
import dev.parley.core.notify.Notification;
import dev.parley.core.port.Notifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends notifications to Android (and other FCM) devices through the FCM HTTP v1 API: {@code POST
 * {endpoint}/v1/projects/{project}/messages:send} with an OAuth2 access token of the project's
 * service account (google-auth-library fetches it from the token server and caches it until it is
 * about to expire). The send itself uses the JDK's HTTP client.
 *
 * <p>Answers: 200 is delivered; {@code UNREGISTERED}, and {@code INVALID_ARGUMENT} about the
 * registration token, mean the token is dead (the device is deleted); 429, 5xx, an I/O error, a
 * timeout, a refused access token (401: a new one is fetched) and a token server that cannot be
 * reached are retried, honouring {@code Retry-After}; anything else (a bad payload, a wrong
 * project, {@code SENDER_ID_MISMATCH}...) is a permanent failure, dead-lettered with FCM's code.
 */
public final class FcmNotifier implements Notifier, AutoCloseable {

  public static final URI DEFAULT_ENDPOINT = URI.create("https://fcm.googleapis.com");
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** The OAuth2 scope of the FCM send API. */
  static final String SCOPE = "https://www.googleapis.com/auth/firebase.messaging";

  private static final Logger log = LoggerFactory.getLogger(FcmNotifier.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PROJECT = Pattern.compile("[A-Za-z0-9.:_-]{1,128}");
  private static final String FCM_ERROR = "type.googleapis.com/google.firebase.fcm.v1.FcmError";
  private static final String BAD_REQUEST = "type.googleapis.com/google.rpc.BadRequest";

  /**
   * Where and how to reach FCM.
   *
   * @param projectId the Firebase project id
   * @param serviceAccountFile the service account's JSON key, from the Firebase console
   * @param endpoint the FCM API, {@code https://fcm.googleapis.com} (or a test server)
   * @param tokenUri the OAuth2 token server; null for the one the service-account file names
   * @param timeout how long one send may take; the token fetch has as long again
   */
  public record Config(
      String projectId, Path serviceAccountFile, URI endpoint, URI tokenUri, Duration timeout) {

    public Config {
      Objects.requireNonNull(projectId, "projectId");
      Objects.requireNonNull(serviceAccountFile, "serviceAccountFile");
      Objects.requireNonNull(endpoint, "endpoint");
      Objects.requireNonNull(timeout, "timeout");
      if (!PROJECT.matcher(projectId).matches()) {
        throw new IllegalArgumentException("not an FCM project id: " + projectId);
      }
    }
  }

  private final GoogleCredentials credentials;
  private final URI sendUri;
  private final Duration timeout;
  private final Clock clock;
  private final HttpClient client;
  private final ExecutorService tokenFetches = Executors.newVirtualThreadPerTaskExecutor();

  private FcmNotifier(
      GoogleCredentials credentials,
      URI sendUri,
      Duration timeout,
      Clock clock,
      HttpClient client) {
    this.credentials = credentials;
    this.sendUri = sendUri;
    this.timeout = timeout;
    this.clock = clock;
    this.client = client;
  }

  /**
   * Reads the service account and builds the client. Nothing connects yet: the first send fetches
   * the access token.
   *
   * @throws IllegalArgumentException when the service-account file cannot be read or is not one
   */
  public static FcmNotifier create(Config config, Clock clock) {
    GoogleCredentials credentials;
    try (InputStream in = Files.newInputStream(config.serviceAccountFile())) {
      ServiceAccountCredentials account = ServiceAccountCredentials.fromStream(in);
      if (config.tokenUri() != null) {
        account = account.toBuilder().setTokenServerUri(config.tokenUri()).build();
      }
      credentials = account.createScoped(List.of(SCOPE));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "cannot read the FCM service account "
              + config.serviceAccountFile()
              + ": "
              + e.getMessage(),
          e);
    }
    String base = config.endpoint().toString().replaceAll("/+$", "");
    URI sendUri = URI.create(base + "/v1/projects/" + config.projectId() + "/messages:send");
    boolean https = "https".equals(config.endpoint().getScheme());
    HttpClient client =
        HttpClient.newBuilder()
            .version(https ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
            .connectTimeout(config.timeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    return new FcmNotifier(credentials, sendUri, config.timeout(), clock, client);
  }

  @Override
  public Platform platform() {
    return Platform.FCM;
  }

  @Override
  public DeliveryResult send(Device device, Notification notification) {
    String accessToken;
    try {
      accessToken = accessToken();
    } catch (TimeoutException e) {
      return new DeliveryResult.Retry("fcm access token: timeout", null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new DeliveryResult.Retry("interrupted", null);
    } catch (ExecutionException e) {
      Throwable cause =
          e.getCause() instanceof UncheckedIOException u ? u.getCause() : e.getCause();
      log.warn("cannot get an FCM access token: {}", String.valueOf(cause));
      return new DeliveryResult.Retry("fcm access token: " + name(cause), null);
    }
    HttpRequest request =
        HttpRequest.newBuilder(sendUri)
            .timeout(timeout)
            .header("Authorization", "Bearer " + accessToken)
            .header("Content-Type", "application/json; charset=UTF-8")
            .POST(HttpRequest.BodyPublishers.ofString(FcmMessage.of(device.token(), notification)))
            .build();
    CompletableFuture<HttpResponse<String>> answer =
        client.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    try {
      HttpResponse<String> response = answer.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      DeliveryResult result =
          result(
              response.statusCode(),
              response.body(),
              response.headers().firstValue("Retry-After").orElse(null),
              clock);
      if (response.statusCode() == 401) {
        refreshSoon();
      }
      if (!(result instanceof DeliveryResult.Delivered)) {
        log.debug("fcm answered {} for device {}: {}", response.statusCode(), device.id(), result);
      }
      return result;
    } catch (TimeoutException e) {
      answer.cancel(true);
      return new DeliveryResult.Retry("fcm timeout", null);
    } catch (InterruptedException e) {
      answer.cancel(true);
      Thread.currentThread().interrupt();
      return new DeliveryResult.Retry("interrupted", null);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      String reason =
          cause instanceof HttpTimeoutException ? "timeout" : "I/O error: " + name(cause);
      log.debug("fcm send to device {} failed: {}", device.id(), reason);
      return new DeliveryResult.Retry("fcm " + reason, null);
    }
  }

  /** The cached access token, or a new one from the token server (bounded by the timeout). */
  private String accessToken() throws TimeoutException, InterruptedException, ExecutionException {
    CompletableFuture<String> token =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                credentials.refreshIfExpired();
                AccessToken current = credentials.getAccessToken();
                if (current == null) {
                  throw new IOException("the token server gave no access token");
                }
                return current.getTokenValue();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            },
            tokenFetches);
    try {
      return token.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException | InterruptedException e) {
      token.cancel(true);
      throw e;
    }
  }

  /** FCM refused the access token: fetch a new one before the next send. */
  private void refreshSoon() {
    tokenFetches.execute(
        () -> {
          try {
            credentials.refresh();
          } catch (IOException | RuntimeException e) {
            log.debug("refreshing the FCM access token failed: {}", e.toString());
          }
        });
  }

  /** FCM's answer (status, JSON body, Retry-After header) as a delivery result. */
  static DeliveryResult result(int status, String body, String retryAfter, Clock clock) {
    if (status >= 200 && status < 300) {
      return new DeliveryResult.Delivered();
    }
    FcmError error = FcmError.parse(body);
    String code = error.code() != null ? error.code() : "HTTP " + status;
    String reason = "fcm " + status + " " + code;
    if ("UNREGISTERED".equals(code)) {
      return new DeliveryResult.TokenInvalid(reason);
    }
    if ("INVALID_ARGUMENT".equals(code) && error.aboutToken()) {
      return new DeliveryResult.TokenInvalid(reason + " (registration token)");
    }
    boolean refusedAccessToken = status == 401 && !"THIRD_PARTY_AUTH_ERROR".equals(code);
    if (status == 429 || status >= 500 || refusedAccessToken || "QUOTA_EXCEEDED".equals(code)) {
      return new DeliveryResult.Retry(reason, RetryAfter.parse(retryAfter, clock));
    }
    return new DeliveryResult.Failed(reason);
  }

  /**
   * What an FCM error body says: {@code code} is the FCM error code ({@code details[].errorCode} of
   * an FcmError) or else the status ({@code error.status}); {@code aboutToken} when a field
   * violation names {@code message.token} or the message speaks of the registration token.
   */
  record FcmError(String code, boolean aboutToken) {

    static FcmError parse(String body) {
      JsonNode error;
      try {
        error = body == null || body.isBlank() ? null : JSON.readTree(body).get("error");
      } catch (IOException e) {
        error = null;
      }
      if (error == null || !error.isObject()) {
        return new FcmError(null, false);
      }
      String code = text(error.get("status"));
      boolean aboutToken =
          text(error.get("message")).toLowerCase(Locale.ROOT).contains("registration token");
      for (JsonNode detail : error.path("details")) {
        String type = text(detail.get("@type"));
        if (FCM_ERROR.equals(type) && !text(detail.get("errorCode")).isEmpty()) {
          code = text(detail.get("errorCode"));
        } else if (BAD_REQUEST.equals(type)) {
          for (JsonNode violation : detail.path("fieldViolations")) {
            aboutToken |= "message.token".equals(text(violation.get("field")));
          }
        }
      }
      return new FcmError(code.isEmpty() ? null : code, aboutToken);
    }

    private static String text(JsonNode node) {
      return node != null && node.isTextual() ? node.asText() : "";
    }
  }

  private static String name(Throwable t) {
    return t == null ? "error" : t.getClass().getSimpleName();
  }

  @Override
  public void close() {
    tokenFetches.shutdownNow();
    client.close();
  }
}
