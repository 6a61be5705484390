package dev.parley.redis;

import static dev.parley.redis.Recorder.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.core.presence.InMemoryPresenceStore;
import dev.parley.core.presence.PresenceService;
import dev.parley.core.realtime.Channels;
import dev.parley.core.realtime.CloseCodes;
import dev.parley.core.realtime.ConnectionListener;
import dev.parley.core.realtime.Control;
import dev.parley.core.realtime.Delivery;
import dev.parley.core.realtime.PushService;
import dev.parley.core.store.ThreadStore;
import dev.parley.core.store.UserStore;
import dev.parley.core.testing.FakeConnection;
import dev.parley.core.testing.MutableClock;
import dev.parley.core.testing.PortStub;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The core Push service of two nodes joined by the Redis bus: one user, a device on each. */
class ClusterPushTest {

  @RegisterExtension static final RedisExtension redis = new RedisExtension();

  private Node nodeA;
  private Node nodeB;
  private final FakeConnection phone = new FakeConnection("phone", "u1", "s-phone");
  private final FakeConnection laptop = new FakeConnection("laptop", "u1", "s-laptop");

  @BeforeEach
  void startTwoNodes() {
    nodeA = node();
    nodeB = node();
  }

  @Test
  void everyDeviceGetsTheEventButTheOneThatSentIt() {
    openBoth();
    publishOn(nodeA, Channels.thread("t1"), Delivery.frameExcept(bytes("message"), "phone"));
    publishOn(nodeA, Channels.thread("t1"), Delivery.frame(bytes("read")));

    await().atMost(Duration.ofSeconds(5)).until(() -> phone.texts().contains("read"));
    await().atMost(Duration.ofSeconds(5)).until(() -> laptop.texts().contains("read"));
    assertThat(phone.texts()).containsExactly("read");
    assertThat(laptop.texts()).containsExactly("message", "read");
  }

  @Test
  void aJoinSubscribesBothNodesToTheNewThread() {
    openBoth();
    publishOn(
        nodeB, Channels.user("u1"), Delivery.control(new Control.Subscribe("t9"), bytes("joined")));
    await().atMost(Duration.ofSeconds(5)).until(() -> numsub(Channels.thread("t9")) == 2);

    publishOn(nodeB, Channels.thread("t9"), Delivery.frame(bytes("hello")));
    await().atMost(Duration.ofSeconds(5)).until(() -> phone.texts().size() == 2);
    await().atMost(Duration.ofSeconds(5)).until(() -> laptop.texts().size() == 2);
    assertThat(phone.texts()).containsExactly("joined", "hello");
    assertThat(laptop.texts()).containsExactly("joined", "hello");
  }

  @Test
  void aRevokedSessionClosesItsSocketOnTheOtherNode() {
    openBoth();
    publishOn(
        nodeB, Channels.user("u1"), Delivery.control(new Control.CloseSession("s-phone"), null));

    await().atMost(Duration.ofSeconds(5)).until(() -> phone.closedWith != null);
    assertThat(phone.closedWith).isEqualTo(CloseCodes.POLICY);
    assertThat(laptop.closedWith).isNull();
  }

  @Test
  void aNodeLeavesTheChannelsOfItsLastConnection() {
    openBoth();
    nodeA.push().closed(phone);
    await().atMost(Duration.ofSeconds(5)).until(() -> numsub(Channels.thread("t1")) == 1);
    assertThat(numsub(Channels.user("u1"))).isEqualTo(1);
  }

  private void openBoth() {
    nodeA.push().open(phone);
    nodeB.push().open(laptop);
    await().atMost(Duration.ofSeconds(5)).until(() -> numsub(Channels.thread("t1")) == 2);
    await().atMost(Duration.ofSeconds(5)).until(() -> numsub(Channels.user("u1")) == 2);
  }

  private static void publishOn(Node node, String channel, Delivery delivery) {
    node.bus().publish(channel, delivery);
  }

  private record Node(PushService push, RedisChannelBus bus) {}

  private Node node() {
    PushService push =
        new PushService(
            PortStub.of(ThreadStore.class, "threadIdsOf", args -> List.of("t1")),
            new PresenceService(
                new InMemoryPresenceStore(),
                PortStub.of(UserStore.class, "updateLastSeen", args -> null),
                MutableClock.at("2026-01-01T00:00:00Z"),
                Duration.ofSeconds(60)),
            ConnectionListener.NONE);
    RedisChannelBus bus = new RedisChannelBus(redis.node(), push);
    push.attach(bus);
    return new Node(push, bus);
  }

  private long numsub(String channel) {
    String name = redis.namespace() + ":" + channel;
    return redis.admin().pubsubNumsub(name).getOrDefault(name, 0L);
  }
}
