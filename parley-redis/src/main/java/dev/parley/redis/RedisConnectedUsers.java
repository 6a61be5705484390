package dev.parley.redis;

import dev.parley.core.port.ConnectedUsers;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which users have an open WebSocket on any node. Hash {@code <namespace>:conn:<userId>} maps each
 * node holding one to the epoch millis its claim lasts until; nodes refresh their claims, so those
 * of a node that died lapse by themselves, and no one scans.
 */
public final class RedisConnectedUsers implements ConnectedUsers {

  private static final Logger LOG = LoggerFactory.getLogger(RedisConnectedUsers.class);

  private final RedisClients redis;
  private final String nodeId;
  private final Clock clock;
  private final Duration ttl;
  // userId -> this node's open connections of the user.
  private final Map<String, Integer> local = new ConcurrentHashMap<>();
  private final RateLimitedLog failures = new RateLimitedLog(LOG, Duration.ofSeconds(10));

  /**
   * @param nodeId unique per running node (e.g. a random UUID at start)
   * @param ttl how long a claim lasts unrefreshed: call {@link #refresh()} well within it (every
   *     ttl/3), and give every node the same ttl
   */
  public RedisConnectedUsers(RedisClients redis, String nodeId, Clock clock, Duration ttl) {
    if (ttl.toMillis() <= 0) {
      throw new IllegalArgumentException("connected-users TTL must be positive: " + ttl);
    }
    this.redis = redis;
    this.nodeId = nodeId;
    this.clock = clock;
    this.ttl = ttl;
  }

  /** A connection of the user opened on this node; the first one claims the user in Redis. */
  public void connected(String userId) {
    // The command is sent inside compute so that claims and releases of one user reach Redis in
    // the order of the counts: a late release must not undo a newer claim.
    local.compute(
        userId,
        (id, count) -> {
          if (count == null) {
            claim(id);
            return 1;
          }
          return count + 1;
        });
  }

  /** A connection of the user closed on this node; the last one releases the claim. */
  public void disconnected(String userId) {
    local.computeIfPresent(
        userId,
        (id, count) -> {
          if (count > 1) {
            return count - 1;
          }
          release(id);
          return null;
        });
  }

  /**
   * Renews this node's claims, one pipelined write per user it holds, and waits for them (at most
   * the command timeout). Call it periodically: the work is proportional to this node's users.
   *
   * @return how many claims Redis confirmed
   */
  public int refresh() {
    List<CompletableFuture<?>> writes = new ArrayList<>();
    for (String userId : local.keySet()) {
      local.computeIfPresent(
          userId,
          (id, count) -> {
            writes.add(claim(id));
            return count;
          });
    }
    try {
      CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new))
          .get(RedisClients.COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      // Counted below; each failed claim was logged already.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return (int) writes.stream().filter(f -> f.isDone() && !f.isCompletedExceptionally()).count();
  }

  /**
   * True while this node or another holds an unexpired claim. If Redis cannot answer, false: an
   * extra notification is better than a missed one.
   */
  @Override
  public boolean isConnected(String userId) {
    if (local.containsKey(userId)) {
      return true;
    }
    Map<String, String> claims;
    try {
      claims = redis.text().sync().hgetall(key(userId));
    } catch (RedisException e) {
      failures.warn("connected-users read failed, assuming offline", e);
      return false;
    }
    long now = clock.millis();
    for (String until : claims.values()) {
      if (parse(until) > now) {
        return true;
      }
    }
    return false;
  }

  /** Users with a connection on this node. */
  public int localUserCount() {
    return local.size();
  }

  private CompletableFuture<?> claim(String userId) {
    String key = key(userId);
    String until = Long.toString(clock.millis() + ttl.toMillis());
    try {
      RedisAsyncCommands<String, String> commands = redis.text().async();
      // Two commands, not a script: a node that dies between them leaves a key without expiry
      // whose field still lapses for readers, and the next claim of the user sets the expiry.
      RedisFuture<Boolean> write = commands.hset(key, nodeId, until);
      RedisFuture<Boolean> expire = commands.pexpire(key, ttl.toMillis());
      return CompletableFuture.allOf(write.toCompletableFuture(), expire.toCompletableFuture())
          .whenComplete(
              (ok, error) -> {
                if (error != null) {
                  failures.warn("connected-users claim failed", error);
                }
              });
    } catch (RuntimeException e) {
      failures.warn("connected-users claim failed", e);
      return CompletableFuture.failedFuture(e);
    }
  }

  private void release(String userId) {
    try {
      redis
          .text()
          .async()
          .hdel(key(userId), nodeId)
          .whenComplete(
              (ok, error) -> {
                if (error != null) {
                  failures.warn("connected-users release failed, it lapses by itself", error);
                }
              });
    } catch (RuntimeException e) {
      failures.warn("connected-users release failed, it lapses by itself", e);
    }
  }

  private static long parse(String until) {
    try {
      return Long.parseLong(until);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  String key(String userId) {
    return redis.name("conn:" + userId);
  }
}
