package dev.parley.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.parley.core.error.Unavailable;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The embedded database: the file {@code <dataDir>/parley.db} in WAL mode, migrated by Flyway on
 * open. SQLite has one writer, so writes go through one connection (queueing in Java instead of
 * spinning on SQLITE_BUSY); reads use a small pool and run beside the writer. {@code
 * synchronous=FULL}: a committed transaction survives a power loss, and since each commit costs an
 * fsync, concurrent writes share commits ({@link Writes#GROUPED}, see {@link GroupCommit}).
 */
public final class SqliteDatabase implements Database {
  private static final Logger log = LoggerFactory.getLogger(SqliteDatabase.class);
  private static final int READERS = 4;
  private static final Duration BUSY_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration WRITE_LOCK_TIMEOUT = Duration.ofSeconds(10);
  private static final int DEFAULT_PAGE_CACHE_KIB = 2 * 1024; // SQLite's own default

  /**
   * The writer's page cache: a group commit of a few hundred sends dirties a few hundred pages, and
   * the hot ones (index interiors, thread rows) stay cached from one batch to the next.
   */
  private static final int WRITER_PAGE_CACHE_KIB = 32 * 1024;

  /** The writer's own checkpoint, after the {@link WalCheckpointer} has copied most pages. */
  private static final int WRITER_AUTOCHECKPOINT_PAGES = 4096;

  /** How write transactions reach the one writer connection. */
  public enum Writes {
    /**
     * Concurrent writes are batched: one writer thread runs every queued write in its own savepoint
     * of one transaction and commits them together, with one fsync. The default.
     */
    GROUPED,
    /** Each write is its own transaction, run by its caller behind a lock: one fsync per write. */
    SERIAL
  }

  private final DirectoryLock lock;
  private final HikariDataSource writer;
  private final HikariDataSource readers;
  private final GroupCommit groupCommit; // null when SERIAL
  private final WalCheckpointer checkpointer;
  private final ReentrantLock writeLock = new ReentrantLock(true);
  private final TaskSignal taskSignal = new TaskSignal();
  private final AtomicBoolean closed = new AtomicBoolean();

  private SqliteDatabase(
      DirectoryLock lock,
      HikariDataSource writer,
      HikariDataSource readers,
      Writes writes,
      String url) {
    this.lock = lock;
    this.writer = writer;
    this.readers = readers;
    this.groupCommit =
        writes == Writes.GROUPED
            ? GroupCommit.start(
                writer, GroupCommit.DEFAULT_MAX_BATCH, WRITE_LOCK_TIMEOUT, "parley-sqlite-writer")
            : null;
    this.checkpointer = WalCheckpointer.start(dataSource(url), WalCheckpointer.DEFAULT_PERIOD);
  }

  /** Opens the database in {@code dataDir} with grouped writes; see {@link #open(Path, Writes)}. */
  public static SqliteDatabase open(Path dataDir) {
    return open(dataDir, Writes.GROUPED);
  }

  /**
   * Opens (creating it and its directory when missing) and migrates the database in {@code
   * dataDir}. One process at a time: the directory stays locked until {@link #close()}.
   *
   * @throws Unavailable when the directory is in use, or the file cannot be opened or migrated
   */
  public static SqliteDatabase open(Path dataDir, Writes writes) {
    Path file = dataDir.resolve("parley.db");
    DirectoryLock lock = DirectoryLock.acquire(dataDir);
    try {
      String url = "jdbc:sqlite:" + file.toAbsolutePath();
      migrate(url);
      HikariDataSource writer =
          pool(
              "parley-sqlite-writer",
              url,
              1,
              WRITER_PAGE_CACHE_KIB,
              "PRAGMA wal_autocheckpoint = " + WRITER_AUTOCHECKPOINT_PAGES);
      try {
        return new SqliteDatabase(
            lock,
            writer,
            pool(
                "parley-sqlite-reader",
                url,
                READERS,
                DEFAULT_PAGE_CACHE_KIB,
                "PRAGMA query_only = ON"),
            writes,
            url);
      } catch (RuntimeException e) {
        writer.close();
        throw e;
      }
    } catch (RuntimeException e) {
      lock.close();
      throw e instanceof Unavailable u
          ? u
          : new Unavailable("cannot open the database " + file + ": " + e.getMessage(), e);
    }
  }

  /** Flyway runs on its own unpooled connections: it may need more than the writer's one. */
  private static void migrate(String url) {
    Flyway.configure()
        .dataSource(dataSource(url))
        .locations("classpath:db/sqlite")
        .failOnMissingLocations(true)
        .load()
        .migrate();
  }

  /** A source of connections to {@code url} as Parley opens them: WAL, synchronous=FULL. */
  static SQLiteDataSource dataSource(String url) {
    SQLiteDataSource source = new SQLiteDataSource(config(DEFAULT_PAGE_CACHE_KIB));
    source.setUrl(url);
    return source;
  }

  private static SQLiteConfig config(int pageCacheKib) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.enforceForeignKeys(true);
    config.setBusyTimeout((int) BUSY_TIMEOUT.toMillis());
    config.setGetGeneratedKeys(false); // no code reads them; the driver would query each insert
    config.setCacheSize(-pageCacheKib);
    // Savepoint journals (a group commit opens one per write) stay in memory instead of a temp
    // file: on disk they were half of the writer's system calls under load (measured).
    config.setTempStore(SQLiteConfig.TempStore.MEMORY);
    return config;
  }

  /** Pooled connections keep their prepared statements: see {@link StatementCache}. */
  private static SQLiteDataSource cachingDataSource(String url, int pageCacheKib) {
    SQLiteDataSource source =
        new SQLiteDataSource(config(pageCacheKib)) {
          @Override
          public Connection getConnection() throws SQLException {
            return StatementCache.wrap(super.getConnection(), StatementCache.DEFAULT_CAPACITY);
          }
        };
    source.setUrl(url);
    return source;
  }

  private static HikariDataSource pool(
      String name, String url, int size, int pageCacheKib, String initSql) {
    HikariConfig config = new HikariConfig();
    config.setPoolName(name);
    config.setDataSource(cachingDataSource(url, pageCacheKib));
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(size);
    config.setAutoCommit(false);
    config.setConnectionTimeout(WRITE_LOCK_TIMEOUT.toMillis());
    if (!initSql.isEmpty()) {
      config.setConnectionInitSql(initSql);
    }
    return new HikariDataSource(config);
  }

  @Override
  public <T> T read(Work<T> work) {
    try (Connection c = readers.getConnection()) {
      return Transaction.run(c, work, false);
    } catch (SQLException e) {
      throw new Unavailable("database read failed: " + e.getMessage(), e);
    }
  }

  /**
   * With {@link Writes#GROUPED}, {@code work} runs on the writer thread, in a transaction it may
   * share with other writes: it must not end the transaction itself, nor write again.
   */
  @Override
  public <T> T write(Work<T> work) {
    return groupCommit != null ? groupCommit.write(work) : writeAlone(work);
  }

  private <T> T writeAlone(Work<T> work) {
    lockForWrite();
    try (Connection c = writer.getConnection()) {
      return Transaction.run(c, work, true);
    } catch (SQLException e) {
      throw new Unavailable("database write failed: " + e.getMessage(), e);
    } finally {
      writeLock.unlock();
    }
  }

  private void lockForWrite() {
    try {
      if (!writeLock.tryLock(WRITE_LOCK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new Unavailable(
            "the database is busy: no write slot within " + WRITE_LOCK_TIMEOUT, null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unavailable("interrupted while waiting to write", e);
    }
  }

  @Override
  public Dialect dialect() {
    return Dialect.SQLITE;
  }

  @Override
  public TaskSignal taskSignal() {
    return taskSignal;
  }

  /** Writes queued for the writer thread (none with {@link Writes#SERIAL}). */
  int queuedWrites() {
    return groupCommit == null ? 0 : groupCommit.queued();
  }

  /** Transactions the writer thread committed (none with {@link Writes#SERIAL}). */
  long groupCommits() {
    return groupCommit == null ? 0 : groupCommit.commits();
  }

  /** Writes in the transactions the writer thread committed (none with {@link Writes#SERIAL}). */
  long groupCommittedWrites() {
    return groupCommit == null ? 0 : groupCommit.committedUnits();
  }

  /**
   * Closes the database. With {@link Writes#GROUPED}, a write that has not committed yet fails with
   * {@link Unavailable} and leaves nothing behind.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      taskSignal.signal();
      if (groupCommit != null && !groupCommit.close(WRITE_LOCK_TIMEOUT)) {
        log.warn(
            "a write was still running after {}; closing the database under it",
            WRITE_LOCK_TIMEOUT);
      }
      checkpointer.stop();
      readers.close();
      writer.close();
      lock.close();
    }
  }
}
