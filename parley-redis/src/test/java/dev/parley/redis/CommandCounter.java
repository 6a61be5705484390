package dev.parley.redis;

import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.protocol.ProtocolKeyword;
import java.net.SocketAddress;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts the commands a client completed, by name, to prove how many round trips a call costs. */
final class CommandCounter implements CommandLatencyRecorder {

  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

  @Override
  public void recordCommandLatency(
      SocketAddress local,
      SocketAddress remote,
      ProtocolKeyword commandType,
      long firstResponseLatency,
      long completionLatency) {
    counts.computeIfAbsent(commandType.toString(), k -> new AtomicInteger()).incrementAndGet();
  }

  /** Command name to count, sorted. */
  Map<String, Integer> snapshot() {
    Map<String, Integer> copy = new TreeMap<>();
    counts.forEach((name, count) -> copy.put(name, count.get()));
    return copy;
  }
}
