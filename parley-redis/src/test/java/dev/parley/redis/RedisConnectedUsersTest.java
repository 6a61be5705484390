package dev.parley.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Nodes A and B hold connections; C only asks, as a notification worker would. */
class RedisConnectedUsersTest {

  @RegisterExtension static final RedisExtension redis = new RedisExtension();

  private static final Duration TTL = Duration.ofSeconds(30);

  private final MutableClock clock = new MutableClock(Instant.now());
  private RedisConnectedUsers a;
  private RedisConnectedUsers b;
  private RedisConnectedUsers c;

  @BeforeEach
  void threeNodes() {
    a = new RedisConnectedUsers(redis.node(), "node-a", clock, TTL);
    b = new RedisConnectedUsers(redis.node(), "node-b", clock, TTL);
    c = new RedisConnectedUsers(redis.node(), "node-c", clock, TTL);
  }

  @Test
  void aUserIsConnectedWhileAnyNodeHoldsOneOfItsConnections() {
    assertThat(c.isConnected("u1")).isFalse();
    a.connected("u1");
    a.connected("u1");
    b.connected("u1");
    await().atMost(Duration.ofSeconds(2)).until(() -> redis.admin().hlen(key("u1")) == 2);
    assertThat(c.isConnected("u1")).isTrue();

    a.disconnected("u1");
    b.disconnected("u1");
    await().atMost(Duration.ofSeconds(2)).until(() -> redis.admin().hlen(key("u1")) == 1);
    assertThat(c.isConnected("u1")).isTrue();
    assertThat(a.localUserCount()).isEqualTo(1);

    a.disconnected("u1");
    await().atMost(Duration.ofSeconds(2)).until(() -> !c.isConnected("u1"));
    assertThat(redis.admin().exists(key("u1"))).isZero();
    a.disconnected("u1"); // one too many: ignored
    assertThat(a.localUserCount()).isZero();
  }

  @Test
  void theClaimOfANodeThatStopsRefreshingLapses() {
    a.connected("u1");
    await().atMost(Duration.ofSeconds(2)).until(() -> c.isConnected("u1"));
    assertThat(redis.admin().pttl(key("u1"))).isBetween(1L, TTL.toMillis());

    clock.advance(TTL.minusMillis(1));
    assertThat(c.isConnected("u1")).isTrue();
    clock.advance(Duration.ofMillis(1));
    assertThat(c.isConnected("u1")).as("node A died: its claim is over").isFalse();
    assertThat(redis.admin().hexists(key("u1"), "node-a")).isTrue();

    assertThat(a.refresh()).isEqualTo(1);
    assertThat(c.isConnected("u1")).as("node A is alive after all").isTrue();
    clock.advance(TTL.minusMillis(1));
    assertThat(c.isConnected("u1")).isTrue();
  }

  @Test
  void refreshWritesOnlyTheUsersTheNodeHolds() {
    a.connected("u1");
    a.connected("u2");
    a.disconnected("u2");
    b.connected("u3");
    assertThat(a.refresh()).isEqualTo(1);
    assertThat(redis.admin().hkeys(key("u1"))).containsExactly("node-a");
    assertThat(redis.admin().exists(key("u2"))).isZero();
  }

  @Test
  void withoutRedisItAnswersFromWhatTheNodeHolds() {
    RedisClients node = redis.node();
    RedisConnectedUsers lonely = new RedisConnectedUsers(node, "node-d", clock, TTL);
    lonely.connected("u1");
    node.close();
    assertThat(lonely.isConnected("u1")).isTrue();
    assertThat(lonely.isConnected("u2")).as("unknown: notify rather than miss").isFalse();
    assertThat(lonely.refresh()).isZero();
  }

  private static String key(String userId) {
    return redis.namespace() + ":conn:" + userId;
  }
}
