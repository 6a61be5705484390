package dev.parley.server.app;

import dev.parley.core.port.ConnectedUsers;
import dev.parley.core.port.PresenceStore;
import dev.parley.core.realtime.ChannelBus;
import dev.parley.core.realtime.ConnectionListener;
import dev.parley.core.realtime.Delivery;
import dev.parley.core.realtime.PushNotification;
import dev.parley.core.realtime.PushService;
import dev.parley.redis.RedisChannelBus;
import dev.parley.redis.RedisClients;
import dev.parley.redis.RedisConnectedUsers;
import dev.parley.redis.RedisPresenceStore;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's realtime state in Redis: Pub/Sub channels, presence keys with a TTL, and a per-user
 * record of the nodes holding its sockets, which each node refreshes for its own users.
 */
public final class RedisFabric implements Fabric {
  private static final Logger log = LoggerFactory.getLogger(RedisFabric.class);
  private static final Duration CONNECTION_TTL = Duration.ofSeconds(30);
  private static final long REFRESH_SECONDS = 10;

  private final RedisClients redis;
  private final RedisPresenceStore presence;
  private final RedisConnectedUsers connected;
  private final ScheduledExecutorService refresher;
  private RedisChannelBus bus;

  public RedisFabric(String redisUrl, String namespace, Clock clock, Duration onlineTimeout) {
    this.redis = RedisClients.connect(redisUrl, namespace);
    this.presence = new RedisPresenceStore(redis, onlineTimeout.multipliedBy(2));
    this.connected =
        new RedisConnectedUsers(redis, UUID.randomUUID().toString(), clock, CONNECTION_TTL);
    this.refresher =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("parley-redis-refresh").factory());
    refresher.scheduleWithFixedDelay(
        this::refresh, REFRESH_SECONDS, REFRESH_SECONDS, TimeUnit.SECONDS);
  }

  private void refresh() {
    try {
      connected.refresh();
    } catch (RuntimeException e) {
      log.warn("could not refresh this node's connected users in Redis: {}", e.toString());
    }
  }

  @Override
  public ChannelBus bus(PushNotification<Delivery> push) {
    bus = new RedisChannelBus(redis, push);
    return bus;
  }

  @Override
  public PresenceStore presence() {
    return presence;
  }

  @Override
  public ConnectedUsers connectedUsers(PushService local) {
    return connected;
  }

  @Override
  public ConnectionListener connectionListener() {
    return new ConnectionListener() {
      @Override
      public void opened(String userId) {
        connected.connected(userId);
      }

      @Override
      public void closed(String userId) {
        connected.disconnected(userId);
      }
    };
  }

  @Override
  public boolean isReady() {
    return redis.isConnected() && (bus == null || bus.isConnected());
  }

  @Override
  public void close() {
    refresher.shutdownNow();
    redis.close();
  }
}
