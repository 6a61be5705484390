package dev.parley.push;

import com.eatthepath.pushy.apns.ApnsClient;
import com.eatthepath.pushy.apns.ApnsClientBuilder;
import com.eatthepath.pushy.apns.DeliveryPriority;
import com.eatthepath.pushy.apns.PushNotificationResponse;
import com.eatthepath.pushy.apns.PushType;
import com.eatthepath.pushy.apns.auth.ApnsSigningKey;
import com.eatthepath.pushy.apns.util.SimpleApnsPushNotification;
import dev.parley.core.model.Device;
import dev.parley.core.model.Platform;
import dev.parley.core.notify.DeliveryResult;
import dev.parley.core.notify.Notification;
import dev.parley.core.port.Notifier;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends notifications to Apple devices through the APNs HTTP/2 provider API (Pushy), with token
 * authentication: a JWT signed by the team's .p8 key, which Pushy renews. One notification per
 * device token, collapsed per thread ({@code apns-collapse-id} = thread id), as an alert of
 * immediate priority that APNs keeps for a day if the device is off.
 *
 * <p>Answers: accepted is delivered; {@code Unregistered} (410), {@code BadDeviceToken} and {@code
 * ExpiredToken} mean the token is dead (the device is deleted); 429, 5xx, an expired provider token
 * (Pushy makes a new one), an I/O error or a timeout are retried; anything else (a bad topic, a
 * refused key...) is a permanent failure, dead-lettered with APNs' reason.
 */
public final class ApnsNotifier implements Notifier, AutoCloseable {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** How long APNs keeps a notification for a device that is off. */
  static final Duration EXPIRY = Duration.ofDays(1);

  private static final Logger log = LoggerFactory.getLogger(ApnsNotifier.class);

  private static final Pattern TOKEN = Pattern.compile("(?:[0-9a-fA-F]{2}){8,}");

  private static final Set<String> DEAD_TOKEN =
      Set.of("Unregistered", "BadDeviceToken", "ExpiredToken");

  private static final Set<String> PASSING =
      Set.of(
          "TooManyRequests",
          "TooManyProviderTokenUpdates",
          "ExpiredProviderToken",
          "IdleTimeout",
          "InternalServerError",
          "ServiceUnavailable",
          "Shutdown");

  /**
   * Where and how to reach APNs.
   *
   * @param keyFile the .p8 signing key (PKCS#8 PEM) from the Apple developer account
   * @param keyId the key's 10-character id
   * @param teamId the developer team's id
   * @param topic the app's bundle id
   * @param host {@code api.push.apple.com}, {@code api.sandbox.push.apple.com}, or a test server
   * @param port 443 (or 2197)
   * @param trustedCertificates PEM certificates to trust instead of the JDK's (a test server); null
   *     for the JDK's
   * @param timeout how long one send may take, connecting included
   */
  public record Config(
      Path keyFile,
      String keyId,
      String teamId,
      String topic,
      String host,
      int port,
      Path trustedCertificates,
      Duration timeout) {

    public Config {
      Objects.requireNonNull(keyFile, "keyFile");
      Objects.requireNonNull(keyId, "keyId");
      Objects.requireNonNull(teamId, "teamId");
      Objects.requireNonNull(topic, "topic");
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(timeout, "timeout");
    }
  }

  private final ApnsClient client;
  private final EventLoopGroup events;
  private final String topic;
  private final Duration timeout;
  private final Clock clock;

  private ApnsNotifier(
      ApnsClient client, EventLoopGroup events, String topic, Duration timeout, Clock clock) {
    this.client = client;
    this.events = events;
    this.topic = topic;
    this.timeout = timeout;
    this.clock = clock;
  }

  /**
   * Loads the signing key and builds the client. Nothing connects yet: the first send does.
   *
   * @throws IllegalArgumentException when the key or the certificates cannot be read
   */
  public static ApnsNotifier create(Config config, Clock clock) {
    ApnsSigningKey key;
    try {
      key =
          ApnsSigningKey.loadFromPkcs8File(
              config.keyFile().toFile(), config.teamId(), config.keyId());
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw new IllegalArgumentException(
          "cannot read the APNs signing key " + config.keyFile() + ": " + e.getMessage(), e);
    }
    EventLoopGroup events = eventLoop();
    try {
      ApnsClientBuilder builder =
          new ApnsClientBuilder()
              .setApnsServer(config.host(), config.port())
              .setSigningKey(key)
              .setConnectionTimeout(config.timeout())
              .setEventLoopGroup(events);
      if (config.trustedCertificates() != null) {
        builder.setTrustedServerCertificateChain(config.trustedCertificates().toFile());
      }
      return new ApnsNotifier(builder.build(), events, config.topic(), config.timeout(), clock);
    } catch (IOException | RuntimeException e) {
      events.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw new IllegalArgumentException("cannot set up the APNs client: " + e.getMessage(), e);
    }
  }

  /**
   * One event-loop thread of our own, so that closing does not wait for Netty's 2-second quiet
   * period. Pushy 0.15 picks its channel class by the group's class name and knows only the {@code
   * NioEventLoopGroup} of Netty 4.1, which Netty 4.2 deprecates but keeps.
   */
  @SuppressWarnings("deprecation")
  private static EventLoopGroup eventLoop() {
    return new io.netty.channel.nio.NioEventLoopGroup(1);
  }

  @Override
  public Platform platform() {
    return Platform.APNS;
  }

  @Override
  public DeliveryResult send(Device device, Notification notification) {
    if (device.token() == null || !TOKEN.matcher(device.token()).matches()) {
      return new DeliveryResult.TokenInvalid("apns token is not hexadecimal");
    }
    SimpleApnsPushNotification push =
        new SimpleApnsPushNotification(
            device.token(),
            topic,
            ApnsPayload.of(notification),
            clock.instant().plus(EXPIRY),
            DeliveryPriority.IMMEDIATE,
            PushType.ALERT,
            notification.thread().id());
    CompletableFuture<PushNotificationResponse<SimpleApnsPushNotification>> answer =
        client.sendNotification(push);
    try {
      return result(answer.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
    } catch (TimeoutException e) {
      answer.cancel(false);
      log.debug("apns send to device {} timed out after {}", device.id(), timeout);
      return new DeliveryResult.Retry("apns timeout", null);
    } catch (InterruptedException e) {
      answer.cancel(false);
      Thread.currentThread().interrupt();
      return new DeliveryResult.Retry("interrupted", null);
    } catch (ExecutionException e) {
      String cause = e.getCause() == null ? "error" : e.getCause().getClass().getSimpleName();
      log.debug("apns send to device {} failed: {}", device.id(), cause);
      return new DeliveryResult.Retry("apns I/O error: " + cause, null);
    }
  }

  /** APNs' answer as a delivery result. */
  static DeliveryResult result(PushNotificationResponse<?> response) {
    if (response.isAccepted()) {
      return new DeliveryResult.Delivered();
    }
    int status = response.getStatusCode();
    String reason = response.getRejectionReason().orElse("HTTP " + status);
    if (status == 410 || DEAD_TOKEN.contains(reason)) {
      return new DeliveryResult.TokenInvalid("apns " + reason);
    }
    if (status == 429 || status >= 500 || PASSING.contains(reason)) {
      return new DeliveryResult.Retry("apns " + status + " " + reason, null);
    }
    return new DeliveryResult.Failed("apns " + status + " " + reason);
  }

  /** Closes the connections to APNs, waiting up to 5 s for notifications in flight. */
  @Override
  public void close() {
    try {
      client.close().get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      log.warn("the APNs client did not close cleanly: {}", e.toString());
    } finally {
      events.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
  }
}
