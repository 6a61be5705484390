package dev.parley.core.presence;

import dev.parley.core.port.PresenceStore;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Heartbeats of one node, in memory. Single node only: a cluster shares them in Redis. */
public final class InMemoryPresenceStore implements PresenceStore {

  private final Map<String, Instant> lastSeen = new ConcurrentHashMap<>();

  @Override
  public void touch(String userId, Instant at) {
    lastSeen.merge(userId, at, (old, now) -> now.isAfter(old) ? now : old);
  }

  @Override
  public Map<String, Instant> lastSeen(Collection<String> userIds) {
    Map<String, Instant> found = new HashMap<>();
    for (String id : userIds) {
      Instant at = lastSeen.get(id);
      if (at != null) {
        found.put(id, at);
      }
    }
    return found;
  }

  @Override
  public void forget(String userId) {
    lastSeen.remove(userId);
  }
}
