package dev.parley.redis;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis channels the node is subscribed to: exactly those with a local subscriber. After a
 * dropped connection the wanted set is sent again, and a confirmed subscription nobody wants any
 * more (Lettuce restores what it knew) is undone.
 */
final class NodeSubscriptions implements RedisConnectionStateListener {

  private static final Logger LOG = LoggerFactory.getLogger(NodeSubscriptions.class);
  private static final int STRIPES = 64;
  private static final int BATCH = 1_000;
  private static final long RETRY_MILLIS = 100;

  private final StatefulRedisPubSubConnection<String, byte[]> connection;
  private final ScheduledExecutorService scheduler;
  private final BooleanSupplier closed;
  private final Set<String> wanted = ConcurrentHashMap.newKeySet();
  private final ReentrantLock[] locks = new ReentrantLock[STRIPES];
  private final AtomicBoolean resyncPending = new AtomicBoolean();
  private final AtomicLong resyncs = new AtomicLong();
  private final RateLimitedLog failures = new RateLimitedLog(LOG, Duration.ofSeconds(10));

  NodeSubscriptions(
      StatefulRedisPubSubConnection<String, byte[]> connection,
      ScheduledExecutorService scheduler,
      BooleanSupplier closed) {
    this.connection = connection;
    this.scheduler = scheduler;
    this.closed = closed;
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new ReentrantLock();
    }
    connection.addListener(this);
    connection.addListener(
        new RedisPubSubAdapter<String, byte[]>() {
          @Override
          public void subscribed(String channel, long count) {
            confirmed(channel);
          }
        });
  }

  /**
   * Runs a local change to {@code channel}, which answers whether the channel still has local
   * subscribers, and (un)subscribes the node to match. The lock keeps the order of the commands
   * that of the changes: otherwise a late UNSUBSCRIBE could undo a newer SUBSCRIBE.
   */
  void update(String channel, BooleanSupplier changeHasSubscribers) {
    ReentrantLock lock = lockFor(channel);
    lock.lock();
    try {
      boolean hasSubscribers = changeHasSubscribers.getAsBoolean();
      if (hasSubscribers && wanted.add(channel)) {
        subscribe(List.of(channel));
      } else if (!hasSubscribers && wanted.remove(channel)) {
        unsubscribe(channel);
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Redis confirmed a subscription. One that is no longer wanted was restored by Lettuce after a
   * reconnect (its UNSUBSCRIBE was lost with the connection) or overtaken by an UNSUBSCRIBE that is
   * on its way; undoing it again is harmless in the second case.
   */
  private void confirmed(String channel) {
    ReentrantLock lock = lockFor(channel);
    lock.lock();
    try {
      if (!wanted.contains(channel)) {
        unsubscribe(channel);
      }
    } finally {
      lock.unlock();
    }
  }

  int channelCount() {
    return wanted.size();
  }

  /** How many times the wanted set was sent again. */
  long resyncCount() {
    return resyncs.get();
  }

  @Override
  public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
    scheduleResync();
  }

  @Override
  public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress address) {
    scheduleResync();
  }

  private void subscribe(List<String> channels) {
    try {
      connection
          .async()
          .subscribe(channels.toArray(String[]::new))
          .whenComplete(
              (ok, error) -> {
                if (error != null) {
                  failures.warn("SUBSCRIBE failed, retrying once connected", error);
                  scheduleResync();
                }
              });
    } catch (RuntimeException e) {
      failures.warn("SUBSCRIBE failed, retrying once connected", e);
      scheduleResync();
    }
  }

  /** A lost UNSUBSCRIBE needs no retry: a new connection starts with no subscription. */
  private void unsubscribe(String channel) {
    try {
      connection.async().unsubscribe(channel);
    } catch (RuntimeException e) {
      LOG.debug("UNSUBSCRIBE {} not sent: {}", channel, e.toString());
    }
  }

  private void scheduleResync() {
    if (closed.getAsBoolean() || !resyncPending.compareAndSet(false, true)) {
      return;
    }
    try {
      scheduler.schedule(this::resync, RETRY_MILLIS, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      resyncPending.set(false); // shutting down
    }
  }

  /**
   * Waits for the connection to be usable, then sends every wanted channel again. No lock: a
   * channel dropped meanwhile is undone when its subscription is confirmed.
   */
  private void resync() {
    resyncPending.set(false);
    if (closed.getAsBoolean()) {
      return;
    }
    if (!connection.isOpen()) {
      scheduleResync();
      return;
    }
    List<String> again = List.copyOf(wanted);
    for (int i = 0; i < again.size(); i += BATCH) {
      subscribe(again.subList(i, Math.min(again.size(), i + BATCH)));
    }
    resyncs.incrementAndGet();
    LOG.debug("sent {} channel subscriptions again", again.size());
  }

  private ReentrantLock lockFor(String channel) {
    return locks[Math.floorMod(channel.hashCode(), STRIPES)];
  }
}
