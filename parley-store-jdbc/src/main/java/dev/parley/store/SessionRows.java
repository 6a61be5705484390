package dev.parley.store;

import dev.parley.core.model.Session;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** The sessions table, keyed by token hash. */
final class SessionRows {
  private static final RowMapper<Session> SESSION =
      r ->
          new Session(
              r.text("token_hash"),
              r.text("user_id"),
              r.text("device_id"),
              r.text("device_name"),
              r.instant("created_at"),
              r.instant("last_used_at"),
              r.instant("revoked_at"));

  void insert(Connection c, Session s) throws SQLException {
    Sql.of(
            c,
            """
            INSERT INTO sessions
              (token_hash, user_id, device_id, device_name, created_at, last_used_at, revoked_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)""",
            s.tokenHash(),
            s.userId(),
            s.deviceId(),
            s.deviceName(),
            s.createdAt(),
            s.lastUsedAt(),
            s.revokedAt())
        .update();
  }

  Optional<Session> find(Connection c, String tokenHash) throws SQLException {
    return Sql.of(c, "SELECT * FROM sessions WHERE token_hash = ?", tokenHash).first(SESSION);
  }

  /**
   * Revokes the session if it is live, and returns it as it was. The update repeats the liveness
   * test, so of two concurrent revocations only one returns the session.
   */
  Optional<Session> revoke(Connection c, String tokenHash, Instant at) throws SQLException {
    Optional<Session> live = find(c, tokenHash).filter(s -> !s.revoked());
    if (live.isEmpty()) {
      return live;
    }
    int revoked =
        Sql.of(
                c,
                "UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL",
                at,
                tokenHash)
            .update();
    return revoked == 1 ? live : Optional.empty();
  }
}
