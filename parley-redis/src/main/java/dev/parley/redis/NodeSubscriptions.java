package dev.parley.redis;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
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
 * dropped connection the whole set is sent again, whatever Lettuce itself restored.
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
  // Channels whose UNSUBSCRIBE failed: Lettuce still lists them and would restore them.
  private final Set<String> stale = ConcurrentHashMap.newKeySet();
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
        stale.remove(channel);
        subscribe(List.of(channel));
      } else if (!hasSubscribers && wanted.remove(channel)) {
        unsubscribe(List.of(channel));
      }
    } finally {
      lock.unlock();
    }
  }

  boolean isSubscribed(String channel) {
    return wanted.contains(channel);
  }

  int channelCount() {
    return wanted.size();
  }

  /** How many times the whole set was sent again. */
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
                  failures.warn("SUBSCRIBE failed, retrying after reconnect", error);
                  scheduleResync();
                }
              });
    } catch (RuntimeException e) {
      failures.warn("SUBSCRIBE failed, retrying after reconnect", e);
      scheduleResync();
    }
  }

  private void unsubscribe(List<String> channels) {
    try {
      connection
          .async()
          .unsubscribe(channels.toArray(String[]::new))
          .whenComplete(
              (ok, error) -> {
                if (error != null) {
                  stale.addAll(channels);
                  scheduleResync();
                }
              });
    } catch (RuntimeException e) {
      stale.addAll(channels);
      scheduleResync();
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

  /** Waits for the connection to be usable, then sends every wanted channel again. */
  private void resync() {
    resyncPending.set(false);
    if (closed.getAsBoolean()) {
      return;
    }
    if (!connection.isOpen()) {
      scheduleResync();
      return;
    }
    lockAll();
    try {
      List<String> again = List.copyOf(wanted);
      List<String> drop = stale.stream().filter(c -> !wanted.contains(c)).toList();
      stale.clear();
      for (List<String> batch : batches(again)) {
        subscribe(batch);
      }
      for (List<String> batch : batches(drop)) {
        unsubscribe(batch);
      }
      resyncs.incrementAndGet();
      LOG.debug("sent {} channel subscriptions again, dropped {}", again.size(), drop.size());
    } finally {
      unlockAll();
    }
  }

  private static List<List<String>> batches(List<String> all) {
    List<List<String>> out = new ArrayList<>();
    for (int i = 0; i < all.size(); i += BATCH) {
      out.add(all.subList(i, Math.min(all.size(), i + BATCH)));
    }
    return out;
  }

  private ReentrantLock lockFor(String channel) {
    return locks[Math.floorMod(channel.hashCode(), STRIPES)];
  }

  private void lockAll() {
    for (ReentrantLock lock : locks) {
      lock.lock();
    }
  }

  private void unlockAll() {
    for (int i = STRIPES - 1; i >= 0; i--) {
      locks[i].unlock();
    }
  }
}
