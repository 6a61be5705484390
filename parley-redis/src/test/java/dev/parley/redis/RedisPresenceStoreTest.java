package dev.parley.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.parley.core.error.Unavailable;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisPresenceStoreTest {

  @RegisterExtension static final RedisExtension redis = new RedisExtension();

  private static final Instant T = Instant.parse("2026-03-01T12:00:00.123Z");
  private static final Duration TTL = Duration.ofSeconds(30);

  @Test
  void heartbeatsAreReadBackInOneMget() {
    CommandCounter counter = new CommandCounter();
    RedisPresenceStore store =
        new RedisPresenceStore(
            redis.node(ClientResources.builder().commandLatencyRecorder(counter).build()), TTL);
    store.touch("u1", T);
    store.touch("u2", T.plusSeconds(5));
    awaitStored("u2", T.plusSeconds(5));

    Map<String, Integer> before = counter.snapshot();
    Map<String, Instant> seen = store.lastSeen(List.of("u1", "u2", "nobody", "u1"));
    await().atMost(Duration.ofSeconds(2)).until(() -> !counter.snapshot().equals(before));

    assertThat(seen).containsExactlyInAnyOrderEntriesOf(Map.of("u1", T, "u2", T.plusSeconds(5)));
    assertThat(delta(before, counter.snapshot())).isEqualTo(Map.of("MGET", 1));
    assertThat(store.lastSeen(List.of())).isEmpty();
  }

  @Test
  void aHeartbeatExpiresAfterTheTtl() {
    RedisPresenceStore store = new RedisPresenceStore(redis.node(), Duration.ofMillis(300));
    store.touch("u1", T);
    awaitStored("u1", T);
    assertThat(redis.admin().pttl(key("u1"))).isBetween(1L, 300L);
    await().atMost(Duration.ofSeconds(3)).until(() -> store.lastSeen(List.of("u1")).isEmpty());
  }

  @Test
  void oneNodeWritesAUserAtMostOncePerSecond() {
    RedisPresenceStore store = new RedisPresenceStore(redis.node(), TTL);
    store.touch("u1", T);
    store.touch("u1", T.plusMillis(999));
    store.touch("u1", T.minusSeconds(5));
    store.touch("other", T); // same connection, so once it is in, so are the calls above
    awaitStored("other", T);
    assertThat(redis.admin().get(key("u1"))).isEqualTo(Long.toString(T.toEpochMilli()));

    store.touch("u1", T.plusMillis(1000));
    awaitStored("u1", T.plusMillis(1000));
  }

  @Test
  void forgetKeepsTheHeartbeatForTheOtherNodes() {
    RedisPresenceStore store = new RedisPresenceStore(redis.node(), TTL);
    store.touch("u1", T);
    awaitStored("u1", T);
    store.forget("u1");
    assertThat(store.lastSeen(List.of("u1"))).containsEntry("u1", T);
    // It only dropped this node's throttle: the next heartbeat is written at once.
    store.touch("u1", T.plusMillis(10));
    awaitStored("u1", T.plusMillis(10));
  }

  @Test
  void aValueItDidNotWriteIsNotAHeartbeat() {
    RedisPresenceStore store = new RedisPresenceStore(redis.node(), TTL);
    redis.admin().set(key("u1"), "garbage");
    assertThat(store.lastSeen(List.of("u1"))).isEmpty();
  }

  @Test
  void readingWithoutRedisIsUnavailableAndWritingIsSilent() {
    RedisClients node = redis.node();
    RedisPresenceStore store = new RedisPresenceStore(node, TTL);
    node.close();
    store.touch("u1", T);
    assertThatThrownBy(() -> store.lastSeen(List.of("u1")))
        .isInstanceOf(Unavailable.class)
        .hasMessageContaining("127.0.0.1:6379");
  }

  private void awaitStored(String userId, Instant at) {
    await()
        .atMost(Duration.ofSeconds(2))
        .until(() -> Long.toString(at.toEpochMilli()).equals(redis.admin().get(key(userId))));
  }

  private static String key(String userId) {
    return redis.namespace() + ":presence:" + userId;
  }

  private static Map<String, Integer> delta(
      Map<String, Integer> before, Map<String, Integer> after) {
    Map<String, Integer> delta = new HashMap<>();
    after.forEach(
        (name, count) -> {
          int d = count - before.getOrDefault(name, 0);
          if (d != 0) {
            delta.put(name, d);
          }
        });
    return delta;
  }
}
