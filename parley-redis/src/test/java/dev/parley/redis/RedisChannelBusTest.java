package dev.parley.redis;

import static dev.parley.redis.Recorder.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.core.realtime.Control;
import dev.parley.core.realtime.Delivery;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two buses on one namespace stand for two nodes of a cluster. */
class RedisChannelBusTest {

  @RegisterExtension static final RedisExtension redis = new RedisExtension();

  private final Recorder onA = new Recorder();
  private final Recorder onB = new Recorder();

  @Test
  void aPublicationReachesEverySubscriberOnEveryNodeExactlyOnce() {
    RedisChannelBus a = new RedisChannelBus(redis.node(), onA);
    RedisChannelBus b = new RedisChannelBus(redis.node(), onB);
    a.subscribe("t:1", "a1");
    a.subscribe("t:1", "a2");
    b.subscribe("t:1", "b1");
    awaitNodesSubscribed("t:1", 2);

    a.publish("t:1", Delivery.frame(bytes("from a")));
    b.publish("t:1", Delivery.frame(bytes("from b")));
    // Redis keeps the order of one publisher's messages: once the marker is in, all are.
    a.publish("t:1", Delivery.frame(bytes("marker a")));
    b.publish("t:1", Delivery.frame(bytes("marker b")));
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                onA.texts("a1").size() == 4
                    && onA.texts("a2").size() == 4
                    && onB.texts("b1").size() == 4);

    for (var texts : java.util.List.of(onA.texts("a1"), onA.texts("a2"), onB.texts("b1"))) {
      assertThat(texts).containsExactlyInAnyOrder("from a", "from b", "marker a", "marker b");
      assertThat(texts).containsSubsequence("from a", "marker a");
      assertThat(texts).containsSubsequence("from b", "marker b");
    }
    assertThat(a.publishFailures()).isZero();
    assertThat(b.receiveFailures()).isZero();
  }

  @Test
  void aNodeIsSubscribedInRedisOnlyWhileItHasLocalSubscribers() {
    RedisChannelBus a = new RedisChannelBus(redis.node(), onA);
    RedisChannelBus b = new RedisChannelBus(redis.node(), onB);
    assertThat(numsub("t:1")).isZero();

    a.subscribe("t:1", "a1");
    awaitNodesSubscribed("t:1", 1);
    a.subscribe("t:1", "a2");
    a.subscribe("t:1", "a2");
    b.subscribe("t:1", "b1");
    awaitNodesSubscribed("t:1", 2);
    assertThat(a.subscribedChannelCount()).isEqualTo(1);

    a.unsubscribe("t:1", "a1");
    a.unsubscribe("t:1", "nobody");
    b.publish("t:1", Delivery.frame(bytes("still")));
    await().atMost(Duration.ofSeconds(5)).until(() -> onA.texts("a2").contains("still"));
    assertThat(numsub("t:1")).isEqualTo(2);

    a.unsubscribe("t:1", "a2");
    awaitNodesSubscribed("t:1", 1);
    assertThat(a.subscribedChannelCount()).isZero();
    b.unsubscribe("t:1", "b1");
    awaitNodesSubscribed("t:1", 0);
  }

  @Test
  void controlsAndTheExcludedConnectionTravelToTheOtherNode() {
    RedisChannelBus a = new RedisChannelBus(redis.node(), onA);
    RedisChannelBus b = new RedisChannelBus(redis.node(), onB);
    b.subscribe("u:1", "b1");
    awaitNodesSubscribed("u:1", 1);

    a.publish("u:1", Delivery.control(new Control.Subscribe("t9"), bytes("joined")));
    a.publish("u:1", Delivery.control(new Control.Unsubscribe("t9"), bytes("removed")));
    a.publish("u:1", Delivery.control(new Control.CloseSession("s1"), null));
    a.publish("u:1", Delivery.frameExcept(bytes("typing"), "b1"));
    await().atMost(Duration.ofSeconds(5)).until(() -> onB.of("b1").size() == 4);

    var got = onB.of("b1");
    assertThat(got)
        .extracting(Delivery::control)
        .containsExactly(
            new Control.Subscribe("t9"),
            new Control.Unsubscribe("t9"),
            new Control.CloseSession("s1"),
            null);
    assertThat(onB.texts("b1")).containsExactly("joined", "removed", "typing");
    assertThat(got.get(2).frame()).isNull();
    assertThat(got.get(3).exceptConnectionId()).isEqualTo("b1");
  }

  @Test
  void twoNamespacesDoNotSeeEachOther() {
    RedisChannelBus mine = new RedisChannelBus(redis.node(), onA);
    RedisChannelBus other =
        new RedisChannelBus(redis.node(RedisExtension.URL, redis.namespace() + "-other"), onB);
    mine.subscribe("t:1", "a1");
    other.subscribe("t:1", "b1");
    awaitNodesSubscribed("t:1", 1);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> numsubOf(redis.namespace() + "-other:t:1") == 1);

    mine.publish("t:1", Delivery.frame(bytes("mine")));
    other.publish("t:1", Delivery.frame(bytes("other")));
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> !onA.texts("a1").isEmpty() && !onB.texts("b1").isEmpty());
    mine.publish("t:1", Delivery.frame(bytes("mine again")));
    await().atMost(Duration.ofSeconds(5)).until(() -> onA.texts("a1").size() == 2);

    assertThat(onA.texts("a1")).containsExactly("mine", "mine again");
    assertThat(onB.texts("b1")).containsExactly("other");
  }

  @Test
  void anUndecodablePublicationIsCountedAndTheNextOneStillArrives() {
    RedisChannelBus a = new RedisChannelBus(redis.node(), onA);
    a.subscribe("t:1", "a1");
    awaitNodesSubscribed("t:1", 1);

    redis.admin().publish(redis.namespace() + ":t:1", "not a delivery");
    a.publish("t:1", Delivery.frame(bytes("fine")));

    await().atMost(Duration.ofSeconds(5)).until(() -> onA.texts("a1").contains("fine"));
    assertThat(a.receiveFailures()).isEqualTo(1);
    assertThat(a.isConnected()).isTrue();
  }

  private void awaitNodesSubscribed(String channel, long nodes) {
    await().atMost(Duration.ofSeconds(5)).until(() -> numsub(channel) == nodes);
  }

  private long numsub(String channel) {
    return numsubOf(redis.namespace() + ":" + channel);
  }

  private long numsubOf(String redisChannel) {
    return redis.admin().pubsubNumsub(redisChannel).getOrDefault(redisChannel, 0L);
  }
}
