package dev.parley.core.account;

import dev.parley.core.model.Session;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Recently checked sessions by token hash, so that a reconnect storm does not cost one store query
 * per connection. Revocation removes the entry at once; the TTL bounds how long another node's
 * revocation could go unseen before the cluster bus tells this one.
 */
public final class SessionCache {

  private record Entry(Session session, Instant expires) {}

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final Clock clock;
  private final Duration ttl;
  private final int maxEntries;

  public SessionCache(Clock clock, Duration ttl, int maxEntries) {
    this.clock = clock;
    this.ttl = ttl;
    this.maxEntries = maxEntries;
  }

  public Session get(String tokenHash) {
    Entry entry = entries.get(tokenHash);
    if (entry == null) {
      return null;
    }
    if (clock.instant().isAfter(entry.expires())) {
      entries.remove(tokenHash, entry);
      return null;
    }
    return entry.session();
  }

  public void put(Session session) {
    if (entries.size() >= maxEntries) {
      // Crude but bounded: a full cache starts over rather than growing or tracking recency.
      entries.clear();
    }
    entries.put(session.tokenHash(), new Entry(session, clock.instant().plus(ttl)));
  }

  public void invalidate(String tokenHash) {
    entries.remove(tokenHash);
  }

  public int size() {
    return entries.size();
  }
}
