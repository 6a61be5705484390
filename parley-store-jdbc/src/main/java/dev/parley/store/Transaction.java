package dev.parley.store;

import java.sql.Connection;
import java.sql.SQLException;

/** Runs a {@link Work} on a connection that is not in auto-commit mode, for both databases. */
final class Transaction {
  private Transaction() {}

  /**
   * Commits when {@code commit} and the work returned; otherwise rolls back. A read ends with a
   * rollback: it releases the snapshot and there is nothing to commit.
   */
  static <T> T run(Connection c, Work<T> work, boolean commit) throws SQLException {
    T result;
    try {
      result = work.run(c);
    } catch (SQLException | RuntimeException e) {
      try {
        c.rollback();
      } catch (SQLException rollbackFailure) {
        e.addSuppressed(rollbackFailure);
      }
      throw e;
    }
    if (commit) {
      c.commit();
    } else {
      c.rollback();
    }
    return result;
  }
}
