package dev.parley.store;

/**
 * A transactional SQL database shared by {@link JdbcStore} and {@link JdbcTaskQueue}. SQL failures
 * surface as {@link dev.parley.core.error.Unavailable}; a {@link
 * dev.parley.core.error.ParleyException} thrown by the work rolls back and propagates as it is.
 */
public interface Database extends AutoCloseable {

  /** Runs {@code work} in one read-only transaction: a consistent snapshot, concurrent reads. */
  <T> T read(Work<T> work);

  /**
   * Runs {@code work} in one durable write transaction, committed before this returns. It may share
   * that transaction with concurrent writes (SQLite's group commit), each in its own savepoint: it
   * still commits or rolls back as a whole, and another write's failure is not its own.
   */
  <T> T write(Work<T> work);

  /** The SQL differences of this database, for the table classes. */
  Dialect dialect();

  /** Wakes the task workers of this database when a transaction has stored tasks. */
  TaskSignal taskSignal();

  /** Closes the connections; idempotent. */
  @Override
  void close();
}
