package dev.parley.store;

/**
 * The few SQL differences between SQLite and PostgreSQL; all other SQL, and every row mapper, is
 * shared (both schemas store epoch millis, 0/1 flags and text ids in code point order).
 */
public enum Dialect {
  /** One writer at a time and one process: a write transaction already excludes every other. */
  SQLITE("", "", false),

  /**
   * Concurrent writers from many processes: a write locks the rows its decision rests on before
   * reading them. {@code FOR NO KEY UPDATE} is the lock an UPDATE of non-key columns takes, so it
   * does not block the foreign key checks of inserts that reference the row.
   */
  POSTGRES(" FOR NO KEY UPDATE", " FOR UPDATE SKIP LOCKED", true);

  private final String lockRows;
  private final String claimRows;
  private final boolean shared;

  Dialect(String lockRows, String claimRows, boolean shared) {
    this.lockRows = lockRows;
    this.claimRows = claimRows;
    this.shared = shared;
  }

  /**
   * Appended to a SELECT in a write transaction: its rows stay locked until the commit, so a
   * concurrent writer of them waits and then reads what this one wrote. Empty when writes are
   * serialized anyway.
   */
  String lockRows() {
    return lockRows;
  }

  /** True when {@link #lockRows()} locks anything, i.e. another writer can run at the same time. */
  boolean locksRows() {
    return !lockRows.isEmpty();
  }

  /**
   * Appended to the SELECT that picks a task to claim: a claimer skips the rows another one holds
   * instead of queueing behind it, so many workers take different tasks at once.
   */
  String claimRows() {
    return claimRows;
  }

  /**
   * True when other processes may use the same database at once: a task marked running may then be
   * running in another, live process, and is not this process's to put back in line.
   */
  boolean shared() {
    return shared;
  }
}
