package dev.parley.push;

import dev.parley.core.model.Device;
import dev.parley.core.model.Platform;
import dev.parley.core.notify.DeliveryResult;
import dev.parley.core.notify.Notification;
import dev.parley.core.port.Notifier;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers a notification by POSTing it to the device's token, an http(s) URL. A 2xx answer is a
 * delivery; any other answer, an I/O error or a timeout is a retry (honouring {@code Retry-After});
 * a token that is not a usable http(s) URL is invalid, so the device is deleted. Every body is
 * signed with the server's secret ({@link WebhookSigner}), so that a receiver can verify the
 * sender.
 *
 * <p>The URL may carry a secret (in its query or path), so neither reasons nor logs contain it:
 * logs name the host only.
 */
public final class WebhookNotifier implements Notifier, AutoCloseable {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  private static final Logger log = LoggerFactory.getLogger(WebhookNotifier.class);

  private final HttpClient client;
  private final boolean ownsClient;
  private final Function<Notification, byte[]> encoder;
  private final WebhookSigner signer;
  private final Duration timeout;
  private final Clock clock;

  /**
   * With its own HTTP/1.1 client; {@code signer} signs each body, {@code clock} resolves HTTP-date
   * {@code Retry-After} values.
   */
  public WebhookNotifier(
      Function<Notification, byte[]> encoder, WebhookSigner signer, Duration timeout, Clock clock) {
    this(newClient(checkTimeout(timeout)), true, encoder, signer, timeout, clock);
  }

  /** With the caller's client, which the caller closes. */
  public WebhookNotifier(
      HttpClient client,
      Function<Notification, byte[]> encoder,
      WebhookSigner signer,
      Duration timeout,
      Clock clock) {
    this(Objects.requireNonNull(client, "client"), false, encoder, signer, timeout, clock);
  }

  private WebhookNotifier(
      HttpClient client,
      boolean ownsClient,
      Function<Notification, byte[]> encoder,
      WebhookSigner signer,
      Duration timeout,
      Clock clock) {
    this.client = client;
    this.ownsClient = ownsClient;
    this.encoder = Objects.requireNonNull(encoder, "encoder");
    this.signer = Objects.requireNonNull(signer, "signer");
    this.timeout = checkTimeout(timeout);
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  private static Duration checkTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    return timeout;
  }

  private static HttpClient newClient(Duration timeout) {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  @Override
  public Platform platform() {
    return Platform.WEBHOOK;
  }

  @Override
  public DeliveryResult send(Device device, Notification notification) {
    HttpRequest request = request(device.token(), encoder.apply(notification));
    if (request == null) {
      log.debug("webhook of device {} is not a usable http(s) URL", device.id());
      return new DeliveryResult.TokenInvalid("invalid webhook URL");
    }
    String host = request.uri().getHost();

    // The request timeout bounds the wait for the answer's headers; this deadline also bounds a
    // body that trickles in, so one slow endpoint cannot hold a worker for longer than the timeout.
    CompletableFuture<HttpResponse<Void>> answer =
        client.sendAsync(request, HttpResponse.BodyHandlers.discarding());
    try {
      HttpResponse<Void> response = answer.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      int status = response.statusCode();
      if (status >= 200 && status < 300) {
        return new DeliveryResult.Delivered();
      }
      Duration retryAfter =
          RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null), clock);
      log.debug("webhook at {} answered {}", host, status);
      return new DeliveryResult.Retry("HTTP " + status, retryAfter);
    } catch (TimeoutException e) {
      answer.cancel(true);
      log.debug("webhook at {} timed out after {}", host, timeout);
      return new DeliveryResult.Retry("timeout", null);
    } catch (InterruptedException e) {
      answer.cancel(true);
      Thread.currentThread().interrupt();
      return new DeliveryResult.Retry("interrupted", null);
    } catch (ExecutionException e) {
      return failure(host, e.getCause());
    }
  }

  /** The POST to {@code url}, or null when it is not an absolute http(s) URL with a host. */
  private HttpRequest request(String url, byte[] body) {
    if (url == null) {
      return null;
    }
    try {
      return HttpRequest.newBuilder(new URI(url))
          .timeout(timeout)
          .header("Content-Type", "application/json")
          .header("User-Agent", "Parley")
          .header(WebhookSigner.HEADER, signer.sign(body))
          .POST(HttpRequest.BodyPublishers.ofByteArray(body))
          .build();
    } catch (URISyntaxException | IllegalArgumentException e) {
      return null;
    }
  }

  private DeliveryResult failure(String host, Throwable cause) {
    String reason =
        switch (cause) {
          case HttpConnectTimeoutException t -> "connect timeout";
          case HttpTimeoutException t -> "timeout";
          // Exception messages may quote the URL: only the exception's type goes into the reason.
          case IOException io -> "I/O error: " + io.getClass().getSimpleName();
          case null -> "error";
          default -> "error: " + cause.getClass().getSimpleName();
        };
    log.debug("webhook at {} failed: {}", host, reason);
    return new DeliveryResult.Retry(reason, null);
  }

  /** Closes the HTTP client if this notifier created it. */
  @Override
  public void close() {
    if (ownsClient) {
      client.close();
    }
  }
}
