package dev.parley.core.realtime;

/**
 * The channel contract: a channel is a key whose value is the set of its current subscribers.
 * Publishing notifies each current subscriber once; unsubscribing a non-subscriber does nothing.
 * Delivery is at most once: clients fill gaps by seq.
 */
public interface PubSub<M> {
  void subscribe(String channel, String subscriberId);

  void unsubscribe(String channel, String subscriberId);

  void publish(String channel, M message);
}
