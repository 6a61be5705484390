package dev.parley.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.parley.core.error.Unavailable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The cluster database: a PostgreSQL reached through a HikariCP pool, migrated by Flyway on open.
 * Every wait is bounded ({@link PostgresPoolConfig}), so a dead or hung server costs a request an
 * {@link Unavailable} within seconds, never a hang.
 */
public final class PostgresDatabase implements Database {
  public static final int DEFAULT_POOL_SIZE = 16;

  private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  /** Serializes concurrent creations of a schema by nodes starting together (any constant). */
  private static final long SCHEMA_LOCK = 0x7061726c6579L; // "parley"

  private final HikariDataSource pool;
  private final TaskSignal taskSignal = new TaskSignal();
  private final AtomicBoolean closed = new AtomicBoolean();

  private PostgresDatabase(HikariDataSource pool) {
    this.pool = pool;
  }

  /** Opens the database of {@code jdbcUrl} in the URL's own schema, with the default pool size. */
  public static PostgresDatabase open(String jdbcUrl) {
    return open(jdbcUrl, null, DEFAULT_POOL_SIZE);
  }

  /**
   * Opens and migrates the database of {@code jdbcUrl}, e.g. {@code
   * jdbc:postgresql://127.0.0.1:5432/test?user=postgres}. Timeouts the URL sets are kept; the
   * others get {@link PostgresPoolConfig}'s bounds.
   *
   * @param schema where Parley's tables live (created when missing), so that several clusters or
   *     test runs can share one database; null for the URL's own (by default {@code public}).
   *     Lower-case letters, digits and underscores.
   * @param poolSize the most connections this process opens; at least 2 (Flyway takes two)
   * @throws Unavailable when the server cannot be reached or the schema cannot be migrated
   * @throws IllegalArgumentException when the URL is not a PostgreSQL one, or the schema or pool
   *     size is not valid
   */
  public static PostgresDatabase open(String jdbcUrl, String schema, int poolSize) {
    if (schema != null && !SCHEMA.matcher(schema).matches()) {
      throw new IllegalArgumentException("schema must match " + SCHEMA + ", was " + schema);
    }
    if (poolSize < 2) {
      throw new IllegalArgumentException("poolSize must be at least 2, was " + poolSize);
    }
    HikariConfig config = PostgresPoolConfig.of(jdbcUrl, schema, poolSize);
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(config);
    } catch (RuntimeException e) { // Hikari's PoolInitializationException: no first connection
      throw new Unavailable("cannot connect to PostgreSQL: " + rootMessage(e), e);
    }
    try {
      if (schema != null) {
        createSchema(pool, schema);
      }
      migrate(pool, schema);
      return new PostgresDatabase(pool);
    } catch (SQLException | FlywayException e) {
      pool.close();
      throw new Unavailable("cannot open the PostgreSQL database: " + rootMessage(e), e);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  private static void createSchema(HikariDataSource pool, String schema) throws SQLException {
    try (Connection c = pool.getConnection()) {
      Transaction.run(
          c,
          tx -> {
            // CREATE SCHEMA IF NOT EXISTS alone can fail when two nodes run it at once.
            Sql.of(tx, "SELECT pg_advisory_xact_lock(?)", SCHEMA_LOCK).first(r -> Boolean.TRUE);
            return Sql.of(tx, "CREATE SCHEMA IF NOT EXISTS \"" + schema + "\"").update();
          },
          true);
    }
  }

  /** Flyway serializes concurrent migrations of one schema itself (an advisory lock). */
  private static void migrate(HikariDataSource pool, String schema) {
    var flyway =
        Flyway.configure()
            .dataSource(pool)
            .locations("classpath:db/postgres")
            .failOnMissingLocations(true)
            .createSchemas(false);
    if (schema != null) {
      flyway.schemas(schema).defaultSchema(schema);
    }
    flyway.load().migrate();
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage();
  }

  /** Repeatable read: the statements of one read see one snapshot, as on SQLite. */
  @Override
  public <T> T read(Work<T> work) {
    try (Connection c = pool.getConnection()) {
      return Transaction.run(
          c,
          tx -> {
            Sql.of(tx, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").update();
            return work.run(tx);
          },
          false);
    } catch (SQLException e) {
      throw failure("read", e);
    }
  }

  /**
   * Read committed, with no lock in Java: concurrent writes are ordered by the row locks the table
   * classes take (see {@link Dialect#POSTGRES}).
   */
  @Override
  public <T> T write(Work<T> work) {
    try (Connection c = pool.getConnection()) {
      return Transaction.run(c, work, true);
    } catch (SQLException e) {
      throw failure("write", e);
    }
  }

  /**
   * A lost connection means the server went away or restarted: every pooled connection is as stale,
   * so all are replaced now, rather than each failing one more request once it is back.
   */
  private Unavailable failure(String what, SQLException e) {
    String state = e.getSQLState();
    if (state != null && (state.startsWith("08") || state.startsWith("57P"))) {
      var connections = pool.getHikariPoolMXBean(); // null once closed
      if (connections != null) {
        connections.softEvictConnections();
      }
    }
    return new Unavailable("database " + what + " failed: " + e.getMessage(), e);
  }

  @Override
  public Dialect dialect() {
    return Dialect.POSTGRES;
  }

  @Override
  public TaskSignal taskSignal() {
    return taskSignal;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      taskSignal.signal();
      pool.close();
    }
  }
}
