package dev.parley.core.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.presence.InMemoryPresenceStore;
import dev.parley.core.presence.PresenceService;
import dev.parley.core.store.ThreadStore;
import dev.parley.core.store.UserStore;
import dev.parley.core.testing.FakeConnection;
import dev.parley.core.testing.MutableClock;
import dev.parley.core.testing.PortStub;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PushServiceTest {
  private final MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
  private final List<String> lastSeenWrites = new ArrayList<>();
  private final Map<String, List<String>> threadsOfUser = Map.of("u1", List.of("t1", "t2"));
  private final PushService push =
      new PushService(
          PortStub.of(
              ThreadStore.class,
              "threadIdsOf",
              args -> threadsOfUser.getOrDefault(args[0], List.of())),
          new PresenceService(
              new InMemoryPresenceStore(),
              PortStub.of(
                  UserStore.class, "updateLastSeen", args -> lastSeenWrites.add((String) args[0])),
              clock,
              Duration.ofSeconds(60)),
          ConnectionListener.NONE);
  private final LocalChannelBus bus = new LocalChannelBus(push);

  {
    push.attach(bus);
  }

  @Test
  void aConnectionIsSubscribedToItsUserAndThreadsUntilItCloses() {
    FakeConnection c = new FakeConnection("c1", "u1", "s1");
    push.open(c);
    assertThat(push.isSubscribed("c1", "t1")).isTrue();
    assertThat(push.isSubscribed("c1", "t2")).isTrue();
    assertThat(bus.channelCount()).isEqualTo(3);
    push.closed(c);
    assertThat(bus.channelCount()).isZero();
    assertThat(push.connectionCount()).isZero();
  }

  @Test
  void theSameBytesReachEveryConnectionButTheExcludedOne() {
    FakeConnection a = new FakeConnection("a", "u1", "s1");
    FakeConnection b = new FakeConnection("b", "u1", "s2");
    push.open(a);
    push.open(b);
    byte[] frame = "{\"type\":\"message\"}".getBytes(StandardCharsets.UTF_8);
    bus.publish(Channels.thread("t1"), Delivery.frameExcept(frame, "a"));
    assertThat(a.frames).isEmpty();
    assertThat(b.frames).containsExactly(frame);
    assertThat(b.frames.getFirst()).isSameAs(frame);
  }

  @Test
  void aJoinSubscribesBeforeItsFrameIsWritten() {
    FakeConnection c = new FakeConnection("c", "u2", "s");
    push.open(c);
    bus.publish(
        Channels.user("u2"), Delivery.control(new Control.Subscribe("t9"), bytes("joined")));
    assertThat(push.isSubscribed("c", "t9")).isTrue();
    bus.publish(Channels.thread("t9"), Delivery.frame(bytes("hello")));
    assertThat(c.texts()).containsExactly("joined", "hello");
    bus.publish(
        Channels.user("u2"), Delivery.control(new Control.Unsubscribe("t9"), bytes("removed")));
    bus.publish(Channels.thread("t9"), Delivery.frame(bytes("after")));
    assertThat(c.texts()).containsExactly("joined", "hello", "removed");
  }

  @Test
  void aRevokedSessionClosesOnlyItsOwnConnections() {
    FakeConnection phone = new FakeConnection("p", "u1", "phone");
    FakeConnection laptop = new FakeConnection("l", "u1", "laptop");
    push.open(phone);
    push.open(laptop);
    bus.publish(Channels.user("u1"), Delivery.control(new Control.CloseSession("phone"), null));
    assertThat(phone.closedWith).isEqualTo(CloseCodes.POLICY);
    assertThat(laptop.closedWith).isNull();
  }

  @Test
  void theListenerHearsEveryOpenAndClose() {
    List<String> heard = new ArrayList<>();
    PushService counted =
        new PushService(
            PortStub.of(ThreadStore.class, "threadIdsOf", args -> List.of()),
            new PresenceService(
                new InMemoryPresenceStore(),
                PortStub.of(UserStore.class, "updateLastSeen", args -> null),
                clock,
                Duration.ofSeconds(60)),
            new ConnectionListener() {
              @Override
              public void opened(String userId) {
                heard.add("+" + userId);
              }

              @Override
              public void closed(String userId) {
                heard.add("-" + userId);
              }
            });
    counted.attach(new LocalChannelBus(counted));
    FakeConnection c = new FakeConnection("c", "u7", "s");
    counted.open(c);
    counted.closed(c);
    counted.closed(c);
    assertThat(heard).containsExactly("+u7", "-u7");
  }

  @Test
  void aRevokedSessionIsForgottenByTheNode() {
    List<String> forgotten = new ArrayList<>();
    push.listen(forgotten::add);
    bus.publish(Channels.NODES, Delivery.control(new Control.CloseSession("s9"), null));
    assertThat(forgotten).containsExactly("s9");
  }

  @Test
  void lastSeenIsPersistedWhenTheLastConnectionCloses() {
    FakeConnection a = new FakeConnection("a", "u1", "s1");
    FakeConnection b = new FakeConnection("b", "u1", "s2");
    push.open(a);
    push.open(b);
    push.closed(a);
    assertThat(lastSeenWrites).isEmpty();
    assertThat(push.isConnected("u1")).isTrue();
    push.closed(b);
    assertThat(lastSeenWrites).containsExactly("u1");
    assertThat(push.isConnected("u1")).isFalse();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
