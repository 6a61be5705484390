package dev.parley.core.port;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/**
 * Heartbeat timestamps of users. Online-ness is never stored: it is derived from these when asked.
 * Adapters: in memory (one node), Redis keys with TTL (cluster).
 */
public interface PresenceStore {

  void touch(String userId, Instant at);

  /** The last heartbeat of each user that has one here; users without are left out. */
  Map<String, Instant> lastSeen(Collection<String> userIds);

  /** Forgets a user's heartbeat once it has been persisted elsewhere. */
  void forget(String userId);
}
