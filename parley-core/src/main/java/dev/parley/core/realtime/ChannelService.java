package dev.parley.core.realtime;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-process channel service: channel to set of subscribers, growing and shrinking as
 * connections come and go. Single node only; across nodes a bus (Redis) forwards publications to
 * each node's instance. Thread-safe.
 */
public final class ChannelService<M> implements PubSub<M> {

  private final Map<String, Set<String>> subscribers = new ConcurrentHashMap<>();
  private final PushNotification<M> push;

  public ChannelService(PushNotification<M> push) {
    this.push = push;
  }

  @Override
  public void subscribe(String channel, String subscriberId) {
    subscribers.computeIfAbsent(channel, c -> ConcurrentHashMap.newKeySet()).add(subscriberId);
  }

  @Override
  public void unsubscribe(String channel, String subscriberId) {
    // computeIfPresent drops the empty set atomically, so idle channels cost nothing.
    subscribers.computeIfPresent(
        channel,
        (c, set) -> {
          set.remove(subscriberId);
          return set.isEmpty() ? null : set;
        });
  }

  @Override
  public void publish(String channel, M message) {
    Set<String> current = subscribers.get(channel);
    if (current == null) {
      return;
    }
    for (String subscriberId : current) {
      push.notify(subscriberId, message);
    }
  }

  /** Whether the channel has a subscriber on this node. */
  public boolean hasSubscribers(String channel) {
    return subscribers.containsKey(channel);
  }

  public int channelCount() {
    return subscribers.size();
  }
}
