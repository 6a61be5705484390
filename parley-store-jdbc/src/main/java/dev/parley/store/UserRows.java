package dev.parley.store;

import dev.parley.core.error.Conflict;
import dev.parley.core.model.Credentials;
import dev.parley.core.model.User;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The users table. */
final class UserRows {
  private static final String COLUMNS = "id, username, display_name, created_at, last_seen_at";
  private static final RowMapper<User> USER =
      r ->
          new User(
              r.text("id"),
              r.text("username"),
              r.text("display_name"),
              r.instant("created_at"),
              r.instant("last_seen_at"));

  void insert(Connection c, User user, String passwordHash) throws SQLException {
    int inserted =
        Sql.of(
                c,
                """
                INSERT INTO users (id, username, display_name, password_hash, created_at, last_seen_at)
                VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (username) DO NOTHING""",
                user.id(),
                user.username(),
                user.displayName(),
                passwordHash,
                user.createdAt(),
                user.lastSeenAt())
            .update();
    if (inserted == 0) {
      throw Conflict.usernameTaken();
    }
  }

  Optional<User> find(Connection c, String id) throws SQLException {
    return Sql.of(c, "SELECT " + COLUMNS + " FROM users WHERE id = ?", id).first(USER);
  }

  Optional<Credentials> credentials(Connection c, String username) throws SQLException {
    return Sql.of(
            c, "SELECT " + COLUMNS + ", password_hash FROM users WHERE username = ?", username)
        .first(r -> new Credentials(USER.map(r), r.text("password_hash")));
  }

  List<User> findAll(Connection c, Collection<String> ids) throws SQLException {
    return Sql.listIn(c, "SELECT " + COLUMNS + " FROM users WHERE id IN (?)", ids, USER);
  }

  /** The ids among {@code ids} that are users. */
  List<String> existing(Connection c, Collection<String> ids) throws SQLException {
    return Sql.listIn(c, "SELECT id FROM users WHERE id IN (?)", ids, r -> r.text("id"));
  }

  /**
   * A range scan rather than LIKE: no wildcard to escape, and the username index is used. Strings
   * starting with {@code prefix} are exactly those in {@code [prefix, successor(prefix))} in code
   * point order: SQLite's binary order, and the {@code COLLATE "C"} of PostgreSQL's column.
   */
  List<User> search(Connection c, String prefix, int limit) throws SQLException {
    String upper = PrefixRange.successor(prefix);
    if (upper == null) {
      return Sql.of(
              c,
              "SELECT " + COLUMNS + " FROM users WHERE username >= ? ORDER BY username LIMIT ?",
              prefix,
              limit)
          .list(USER);
    }
    return Sql.of(
            c,
            "SELECT "
                + COLUMNS
                + " FROM users WHERE username >= ? AND username < ? ORDER BY username LIMIT ?",
            prefix,
            upper,
            limit)
        .list(USER);
  }

  void updateLastSeen(Connection c, String userId, Instant at) throws SQLException {
    Sql.of(
            c,
            """
            UPDATE users SET last_seen_at = ?
            WHERE id = ? AND (last_seen_at IS NULL OR last_seen_at < ?)""",
            at,
            userId,
            at)
        .update();
  }
}
