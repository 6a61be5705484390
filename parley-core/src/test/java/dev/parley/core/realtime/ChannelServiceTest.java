package dev.parley.core.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChannelServiceTest {

  private final List<String> notified = new ArrayList<>();
  private final ChannelService<String> channels =
      new ChannelService<>((userId, message) -> notified.add(userId + ":" + message));

  /** LintCode 1786 "Pub Sub Pattern", its example replayed step by step. */
  @Test
  void replaysThePubSubPatternExample() {
    channels.subscribe("group1", "1");
    channels.publish("group1", "hello");
    assertThat(drain()).containsExactly("1:hello");

    channels.subscribe("group1", "2");
    channels.publish("group1", "thank you");
    assertThat(drain()).containsExactlyInAnyOrder("1:thank you", "2:thank you");

    channels.unsubscribe("group2", "3");
    assertThat(drain()).isEmpty();

    channels.unsubscribe("group1", "1");
    channels.publish("group1", "thank you very much");
    assertThat(drain()).containsExactly("2:thank you very much");

    channels.publish("group2", "are you ok?");
    assertThat(drain()).isEmpty();
  }

  @Test
  void subscribingTwiceNotifiesOnce() {
    channels.subscribe("c", "1");
    channels.subscribe("c", "1");
    channels.publish("c", "m");
    assertThat(drain()).containsExactly("1:m");
  }

  @Test
  void lastUnsubscribeDropsTheChannel() {
    channels.subscribe("c", "1");
    channels.unsubscribe("c", "1");
    assertThat(channels.hasSubscribers("c")).isFalse();
    assertThat(channels.channelCount()).isZero();
  }

  private List<String> drain() {
    List<String> copy = List.copyOf(notified);
    notified.clear();
    return copy;
  }
}
