package dev.parley.push.testing;

import com.eatthepath.pushy.apns.auth.ApnsVerificationKey;
import com.eatthepath.pushy.apns.server.MockApnsServer;
import com.eatthepath.pushy.apns.server.MockApnsServerBuilder;
import com.eatthepath.pushy.apns.server.MockApnsServerListener;
import com.eatthepath.pushy.apns.server.PushNotificationHandler;
import com.eatthepath.pushy.apns.server.PushNotificationHandlerFactory;
import com.eatthepath.pushy.apns.server.RejectedNotificationException;
import com.eatthepath.pushy.apns.server.RejectionReason;
import com.eatthepath.pushy.apns.server.ValidatingPushNotificationHandlerFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Pushy's {@link MockApnsServer} over real TLS (the certificate of {@link PushTestKeys}), checking
 * what Apple checks: the JWT's signature with the team's public key, the topic, that the device
 * token is known for it, the payload size. A token can be marked unregistered (410) or given a
 * rejection reason of its own (429, 503...). Accepted notifications are recorded.
 */
public final class MockApns implements AutoCloseable {

  /** A notification the server accepted. */
  public record Received(
      String token,
      String topic,
      String collapseId,
      String pushType,
      String priority,
      String authorization,
      JsonNode payload) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PATH_PREFIX = "/3/device/";

  private final Map<String, Set<String>> tokensByTopic = new ConcurrentHashMap<>();
  private final Map<String, Instant> unregistered = new ConcurrentHashMap<>();
  private final Map<String, RejectionReason> rejections = new ConcurrentHashMap<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final List<String> rejected = new CopyOnWriteArrayList<>();
  private final EventLoopGroup events = eventLoop();
  private final MockApnsServer server;
  private final int port;

  public MockApns(PushTestKeys keys) {
    tokensByTopic.put(PushTestKeys.TOPIC, ConcurrentHashMap.newKeySet());
    try (InputStream publicKey = Files.newInputStream(keys.apnsVerificationKey())) {
      ApnsVerificationKey verification =
          ApnsVerificationKey.loadFromInputStream(
              publicKey, PushTestKeys.TEAM_ID, PushTestKeys.KEY_ID);
      ValidatingPushNotificationHandlerFactory validating =
          new ValidatingPushNotificationHandlerFactory(
              tokensByTopic,
              unregistered,
              Map.of(PushTestKeys.KEY_ID, verification),
              Map.of(verification, Set.of(PushTestKeys.TOPIC)));
      server =
          new MockApnsServerBuilder()
              .setServerCredentials(
                  keys.serverCertificate().toFile(), keys.serverKey().toFile(), null)
              .setEventLoopGroup(events)
              .setHandlerFactory(scripted(validating))
              .setListener(new Recorder())
              .build();
      port = server.start(0).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      events.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw new IllegalStateException("cannot start the mock APNs server", e);
    }
  }

  @SuppressWarnings("deprecation")
  private static EventLoopGroup eventLoop() {
    return new io.netty.channel.nio.NioEventLoopGroup(1);
  }

  /** Rejects with the scripted reason of a token, if any, before Pushy's validation. */
  private PushNotificationHandlerFactory scripted(PushNotificationHandlerFactory validating) {
    return session -> {
      PushNotificationHandler validator = validating.buildHandler(session);
      return (headers, payload) -> {
        RejectionReason reason = rejections.get(token(headers));
        if (reason != null) {
          throw new RejectedNotificationException(reason);
        }
        validator.handlePushNotification(headers, payload);
      };
    };
  }

  public int port() {
    return port;
  }

  /** A device token the app's topic knows: notifications to it are accepted. */
  public void register(String token) {
    tokensByTopic.get(PushTestKeys.TOPIC).add(token);
  }

  /** The token's app was uninstalled: APNs answers 410 Unregistered. */
  public void unregister(String token) {
    unregistered.put(token, Instant.now());
  }

  /** Every notification to {@code token} is rejected with {@code reason}. */
  public void reject(String token, RejectionReason reason) {
    rejections.put(token, reason);
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  /** The tokens of rejected notifications, in order. */
  public List<String> rejected() {
    return List.copyOf(rejected);
  }

  private static String token(Http2Headers headers) {
    CharSequence path = headers.path();
    String p = path == null ? "" : path.toString();
    return p.startsWith(PATH_PREFIX) ? p.substring(PATH_PREFIX.length()) : p;
  }

  private static String header(Http2Headers headers, String name) {
    CharSequence value = headers.get(name);
    return value == null ? null : value.toString();
  }

  private final class Recorder implements MockApnsServerListener {
    @Override
    public void handlePushNotificationAccepted(Http2Headers headers, ByteBuf payload) {
      JsonNode json;
      try {
        json = JSON.readTree(payload.toString(StandardCharsets.UTF_8));
      } catch (IOException e) {
        json = null;
      }
      received.add(
          new Received(
              token(headers),
              header(headers, "apns-topic"),
              header(headers, "apns-collapse-id"),
              header(headers, "apns-push-type"),
              header(headers, "apns-priority"),
              header(headers, "authorization"),
              json));
    }

    @Override
    public void handlePushNotificationRejected(
        Http2Headers headers, ByteBuf payload, RejectionReason reason, Instant expiry) {
      rejected.add(token(headers));
    }
  }

  @Override
  public void close() {
    try {
      server.shutdown().get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // the event loop below is closed anyway
    } finally {
      events.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
  }
}
