package dev.parley.redis;

import dev.parley.core.realtime.ChannelBus;
import dev.parley.core.realtime.ChannelService;
import dev.parley.core.realtime.Delivery;
import dev.parley.core.realtime.PushNotification;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster channel bus on Redis Pub/Sub. Subscribers are this node's connections; the node
 * subscribes to the Redis channel {@code <namespace>:<channel>} while it has one there. A
 * publication goes through Redis to every subscribed node, this one included. At most once: a lost
 * delivery costs latency, never data, as clients fill gaps by seq.
 */
public final class RedisChannelBus implements ChannelBus {

  private static final Logger LOG = LoggerFactory.getLogger(RedisChannelBus.class);

  private final RedisClients redis;
  private final ChannelService<Delivery> local;
  private final NodeSubscriptions subscriptions;
  private final String prefix;
  private final AtomicLong publishFailures = new AtomicLong();
  private final AtomicLong receiveFailures = new AtomicLong();
  private final RateLimitedLog publishLog = new RateLimitedLog(LOG, Duration.ofSeconds(10));
  private final RateLimitedLog receiveLog = new RateLimitedLog(LOG, Duration.ofSeconds(10));

  /** Deliveries from Redis reach {@code push} on a Redis I/O thread: it must not block. */
  public RedisChannelBus(RedisClients redis, PushNotification<Delivery> push) {
    this.redis = redis;
    this.local = new ChannelService<>(push);
    this.prefix = redis.name("");
    this.subscriptions =
        new NodeSubscriptions(
            redis.pubSub(), redis.clientResources().eventExecutorGroup(), redis::isClosed);
    redis.pubSub().addListener(new Receiver());
  }

  @Override
  public void subscribe(String channel, String subscriberId) {
    subscriptions.update(
        redis.name(channel),
        () -> {
          local.subscribe(channel, subscriberId);
          return true;
        });
  }

  @Override
  public void unsubscribe(String channel, String subscriberId) {
    subscriptions.update(
        redis.name(channel),
        () -> {
          local.unsubscribe(channel, subscriberId);
          return local.hasSubscribers(channel);
        });
  }

  /**
   * Sends the delivery to Redis without waiting. Local subscribers get it back from Redis like the
   * other nodes' (dispatching here too would deliver it twice). A failure is logged and counted,
   * never thrown: the message is already stored.
   */
  @Override
  public void publish(String channel, Delivery delivery) {
    try {
      redis
          .binary()
          .async()
          .publish(redis.name(channel), DeliveryCodec.encode(delivery))
          .whenComplete(
              (receivers, error) -> {
                if (error != null) {
                  publishFailed(channel, error);
                }
              });
    } catch (RuntimeException e) {
      publishFailed(channel, e);
    }
  }

  private void publishFailed(String channel, Throwable error) {
    publishFailures.incrementAndGet();
    publishLog.warn("realtime publish on " + channel + " lost", error);
  }

  /** Whether the node can publish and receive now (for readiness). */
  public boolean isConnected() {
    return !redis.isClosed() && redis.pubSub().isOpen() && redis.binary().isOpen();
  }

  /** Publications that never reached Redis. */
  public long publishFailures() {
    return publishFailures.get();
  }

  /** Publications received that could not be decoded or handed over. */
  public long receiveFailures() {
    return receiveFailures.get();
  }

  /** Redis channels the node is subscribed to: those with a subscriber here. */
  public int subscribedChannelCount() {
    return subscriptions.channelCount();
  }

  /** How many times the node sent all its subscriptions again after losing its connection. */
  public long resubscribeCount() {
    return subscriptions.resyncCount();
  }

  private final class Receiver extends RedisPubSubAdapter<String, byte[]> {
    @Override
    public void message(String redisChannel, byte[] payload) {
      if (!redisChannel.startsWith(prefix)) {
        return;
      }
      try {
        local.publish(redisChannel.substring(prefix.length()), DeliveryCodec.decode(payload));
      } catch (RuntimeException e) {
        // Never let it reach Lettuce's I/O thread: one bad message must not stop the others.
        receiveFailures.incrementAndGet();
        receiveLog.warn("realtime delivery on " + redisChannel + " dropped", e);
      }
    }
  }
}
