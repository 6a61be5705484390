package dev.parley.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * One node's connections to Redis, under a namespace that prefixes every key and channel. Commands
 * time out after {@link #COMMAND_TIMEOUT}; lost connections come back by themselves.
 */
public final class RedisClients implements AutoCloseable {

  /** The longest any command may wait, so that no caller hangs on a Redis that is gone. */
  public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);

  /** The longest pause between two reconnect attempts: a restarted Redis is found within it. */
  public static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(1);

  private static final int REQUEST_QUEUE_SIZE = 100_000;

  private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  // Frames stay bytes end to end; channel and key names are short strings.
  private static final RedisCodec<String, byte[]> BINARY =
      RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

  private final String namespace;
  private final String address;
  private final ClientResources resources;
  private final boolean ownsResources;
  private final RedisClient client;
  private final StatefulRedisPubSubConnection<String, byte[]> pubSub;
  private final StatefulRedisConnection<String, byte[]> binary;
  private final StatefulRedisConnection<String, String> text;
  private volatile boolean closed;

  private RedisClients(
      String namespace, RedisURI uri, ClientResources resources, boolean ownsResources) {
    this.namespace = namespace;
    this.address = uri.getHost() + ":" + uri.getPort();
    this.resources = resources;
    this.ownsResources = ownsResources;
    this.client = RedisClient.create(resources, uri);
    client.setOptions(options());
    try {
      this.pubSub = client.connectPubSub(BINARY);
      this.binary = client.connect(BINARY);
      this.text = client.connect(StringCodec.UTF8);
    } catch (RedisException e) {
      shutdown();
      throw new IllegalStateException(
          "Redis at " + address + " is unreachable: " + e.getMessage(), e);
    }
  }

  /**
   * Connects to {@code redisUrl} (e.g. {@code redis://127.0.0.1:6379}) with its own I/O threads.
   *
   * @throws IllegalArgumentException if the URL or namespace is malformed
   * @throws IllegalStateException if Redis cannot be reached now
   */
  public static RedisClients connect(String redisUrl, String namespace) {
    return new RedisClients(checked(namespace), uri(redisUrl), resources(), true);
  }

  /**
   * Connects on shared I/O threads, which {@link #close()} leaves running (several clients in one
   * process, as in tests). Their reconnect delay is theirs to choose.
   */
  public static RedisClients connect(
      String redisUrl, String namespace, ClientResources sharedResources) {
    return new RedisClients(checked(namespace), uri(redisUrl), sharedResources, false);
  }

  /** I/O threads with the reconnect delay this module relies on, for sharing between clients. */
  public static ClientResources resources() {
    // Lettuce's default backoff grows to 30 s; capped at 1 s a restarted Redis is found at once.
    // The jitter spreads the reconnects of many nodes.
    return ClientResources.builder()
        .reconnectDelay(
            Delay.equalJitter(
                Duration.ofMillis(50), MAX_RECONNECT_DELAY, 50, TimeUnit.MILLISECONDS))
        .build();
  }

  private static ClientOptions options() {
    return ClientOptions.builder()
        .autoReconnect(true)
        // Fail fast while disconnected instead of buffering: a publish is at most once, a
        // presence write is refreshed by the next heartbeat, and nothing grows without bound.
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        // A Redis that stops answering without closing the socket fails commands past this many
        // in flight, instead of holding every frame published meanwhile until they time out.
        .requestQueueSize(REQUEST_QUEUE_SIZE)
        .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
        .socketOptions(
            SocketOptions.builder().connectTimeout(COMMAND_TIMEOUT).keepAlive(true).build())
        .build();
  }

  private static RedisURI uri(String redisUrl) {
    RedisURI uri;
    try {
      uri = RedisURI.create(redisUrl);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a Redis URL: " + redisUrl, e);
    }
    uri.setTimeout(COMMAND_TIMEOUT);
    return uri;
  }

  private static String checked(String namespace) {
    if (namespace == null || !NAMESPACE.matcher(namespace).matches()) {
      throw new IllegalArgumentException(
          "namespace must be 1-64 characters among A-Z a-z 0-9 _ . - but is: " + namespace);
    }
    return namespace;
  }

  public String namespace() {
    return namespace;
  }

  /** The key or channel name {@code <namespace>:<name>}. */
  public String name(String name) {
    return namespace + ":" + name;
  }

  /** Whether every connection is up now (for readiness). */
  public boolean isConnected() {
    return !closed && pubSub.isOpen() && binary.isOpen() && text.isOpen();
  }

  boolean isClosed() {
    return closed;
  }

  /** Host and port, for messages (the URL may hold a password). */
  String address() {
    return address;
  }

  ClientResources clientResources() {
    return resources;
  }

  /** The subscriber connection: it takes only (un)subscribe commands. */
  StatefulRedisPubSubConnection<String, byte[]> pubSub() {
    return pubSub;
  }

  /** Commands whose values are bytes (PUBLISH). */
  StatefulRedisConnection<String, byte[]> binary() {
    return binary;
  }

  /** Commands whose values are text (presence, connected users). */
  StatefulRedisConnection<String, String> text() {
    return text;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    shutdown();
  }

  private void shutdown() {
    // No quiet period: nothing is pending that is worth waiting for at close.
    client.shutdown(Duration.ZERO, COMMAND_TIMEOUT);
    if (ownsResources) {
      resources.shutdown(0, COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }
  }
}
