package dev.parley.redis;

import dev.parley.core.realtime.Delivery;
import dev.parley.core.realtime.PushNotification;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what a bus hands to each subscriber; called from Redis I/O threads. */
final class Recorder implements PushNotification<Delivery> {

  private final Map<String, List<Delivery>> received = new ConcurrentHashMap<>();

  @Override
  public void notify(String subscriberId, Delivery delivery) {
    received.computeIfAbsent(subscriberId, id -> new CopyOnWriteArrayList<>()).add(delivery);
  }

  List<Delivery> of(String subscriberId) {
    return List.copyOf(received.getOrDefault(subscriberId, List.of()));
  }

  /** The frames received by the subscriber, as text. */
  List<String> texts(String subscriberId) {
    return of(subscriberId).stream()
        .filter(d -> d.frame() != null)
        .map(d -> new String(d.frame(), StandardCharsets.UTF_8))
        .toList();
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
