package dev.parley.redis;

import dev.parley.core.error.Unavailable;
import dev.parley.core.port.PresenceStore;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisException;
import io.lettuce.core.SetArgs;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Heartbeats shared by the cluster: key {@code <namespace>:presence:<userId>} holds the last-seen
 * epoch millis and expires after the TTL, so that nothing ever has to clean them up.
 */
public final class RedisPresenceStore implements PresenceStore {

  private static final Logger LOG = LoggerFactory.getLogger(RedisPresenceStore.class);

  /** One node writes a user at most once per interval: heartbeats come faster under activity. */
  static final Duration WRITE_INTERVAL = Duration.ofSeconds(1);

  private static final int PRUNE_FLOOR = 4_096;

  private final RedisClients redis;
  private final SetArgs expiry;
  // userId -> epoch millis of the last heartbeat this node wrote.
  private final Map<String, Long> written = new ConcurrentHashMap<>();
  private final RateLimitedLog failures = new RateLimitedLog(LOG, Duration.ofSeconds(10));
  private volatile int pruneAbove = PRUNE_FLOOR;

  /**
   * @param ttl how long a heartbeat stays readable; longer than the online timeout, or users drop
   *     offline between heartbeats
   */
  public RedisPresenceStore(RedisClients redis, Duration ttl) {
    if (ttl.toMillis() <= 0) {
      throw new IllegalArgumentException("presence TTL must be positive: " + ttl);
    }
    this.redis = redis;
    this.expiry = SetArgs.Builder.px(ttl.toMillis());
  }

  /** Writes without waiting; skipped when this node wrote the user less than a second ago. */
  @Override
  public void touch(String userId, Instant at) {
    long millis = at.toEpochMilli();
    if (!claimWrite(userId, millis)) {
      return;
    }
    try {
      redis
          .text()
          .async()
          .set(key(userId), Long.toString(millis), expiry)
          .whenComplete(
              (ok, error) -> {
                if (error != null) {
                  writeFailed(userId, millis, error);
                }
              });
    } catch (RuntimeException e) {
      writeFailed(userId, millis, e);
    }
  }

  private boolean claimWrite(String userId, long millis) {
    long interval = WRITE_INTERVAL.toMillis();
    boolean[] claimed = {false};
    written.compute(
        userId,
        (id, last) -> {
          // An older heartbeat than the one written is skipped too: the newer one must win.
          if (last == null || millis - last >= interval) {
            claimed[0] = true;
            return millis;
          }
          return last;
        });
    if (claimed[0] && written.size() > pruneAbove) {
      prune(millis - interval);
    }
    return claimed[0];
  }

  /** Drops entries too old to hold back any write: this map stays the size of the active users. */
  private void prune(long before) {
    written.values().removeIf(last -> last < before);
    pruneAbove = Math.max(PRUNE_FLOOR, written.size() * 2);
  }

  private void writeFailed(String userId, long millis, Throwable error) {
    written.remove(userId, millis); // so that the next heartbeat tries again at once
    failures.warn("presence write lost", error);
  }

  /**
   * One MGET for all the users.
   *
   * @throws Unavailable if Redis does not answer within the command timeout
   */
  @Override
  public Map<String, Instant> lastSeen(Collection<String> userIds) {
    List<String> ids = new ArrayList<>(new LinkedHashSet<>(userIds));
    Map<String, Instant> found = new HashMap<>();
    if (ids.isEmpty()) {
      return found;
    }
    List<KeyValue<String, String>> values;
    try {
      values = redis.text().sync().mget(ids.stream().map(this::key).toArray(String[]::new));
    } catch (RedisException e) {
      throw new Unavailable("presence is unavailable: Redis at " + redis.address(), e);
    }
    for (int i = 0; i < ids.size(); i++) {
      KeyValue<String, String> value = values.get(i);
      Long millis = value.hasValue() ? parse(value.getValue()) : null;
      if (millis != null) {
        found.put(ids.get(i), Instant.ofEpochMilli(millis));
      }
    }
    return found;
  }

  /** Null for a value this store did not write: it is not a heartbeat. */
  private static Long parse(String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * Deletes nothing: another node may still hold a connection of this user and its heartbeat must
   * stay; the key expires by itself. Only this node's write throttle for the user is dropped.
   */
  @Override
  public void forget(String userId) {
    written.remove(userId);
  }

  String key(String userId) {
    return redis.name("presence:" + userId);
  }
}
