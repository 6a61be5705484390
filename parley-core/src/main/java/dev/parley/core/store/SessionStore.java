package dev.parley.core.store;

import dev.parley.core.model.Session;
import java.time.Instant;
import java.util.Optional;

/** Logged-in devices, keyed by the SHA-256 hash of their token. */
public interface SessionStore {

  void insertSession(Session session);

  /** The session of that token hash, revoked ones included. */
  Optional<Session> findSession(String tokenHash);

  /**
   * Revokes a session at once.
   *
   * @return the session as it was before, or empty when it is unknown or already revoked
   */
  Optional<Session> revokeSession(String tokenHash, Instant at);
}
