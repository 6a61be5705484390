package dev.parley.core.presence;

import dev.parley.core.model.Presence;
import dev.parley.core.model.User;
import dev.parley.core.port.PresenceStore;
import dev.parley.core.store.UserStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Heartbeats in, presence out. A user is online while its last heartbeat is younger than the
 * timeout; that is computed when asked, nothing scans users on a timer. The last-seen time is
 * written to the store when a user's last connection closes, so that it survives a restart.
 */
public final class PresenceService {

  private final PresenceStore heartbeats;
  private final UserStore users;
  private final Clock clock;
  private final Duration timeout;

  public PresenceService(PresenceStore heartbeats, UserStore users, Clock clock, Duration timeout) {
    this.heartbeats = heartbeats;
    this.users = users;
    this.clock = clock;
    this.timeout = timeout;
  }

  public void heartbeat(String userId) {
    heartbeats.touch(userId, clock.instant());
  }

  /** Persists the user's last-seen time and frees its in-memory heartbeat. */
  public void lastConnectionClosed(String userId) {
    Instant now = clock.instant();
    users.updateLastSeen(userId, now);
    heartbeats.forget(userId);
  }

  /** Presence of each known user among {@code userIds}, in the order asked. */
  public List<Presence> query(Collection<String> userIds) {
    Map<String, Instant> live = heartbeats.lastSeen(userIds);
    Map<String, Instant> stored = new HashMap<>();
    for (User user : users.findUsers(userIds)) {
      stored.put(user.id(), user.lastSeenAt());
    }
    Instant now = clock.instant();
    List<Presence> result = new ArrayList<>();
    for (String id : new LinkedHashSet<>(userIds)) {
      if (!stored.containsKey(id)) {
        continue;
      }
      Instant seen = latest(live.get(id), stored.get(id));
      result.add(new Presence(id, isFresh(seen, now), seen));
    }
    return result;
  }

  public boolean isOnline(String userId) {
    Instant seen = heartbeats.lastSeen(List.of(userId)).get(userId);
    return isFresh(seen, clock.instant());
  }

  private boolean isFresh(Instant seen, Instant now) {
    return seen != null && Duration.between(seen, now).compareTo(timeout) < 0;
  }

  private static Instant latest(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isAfter(b) ? a : b;
  }
}
