package dev.parley.core.realtime;

/** Receives what a channel publishes, once per subscriber. */
@FunctionalInterface
public interface PushNotification<M> {
  void notify(String subscriberId, M message);
}
