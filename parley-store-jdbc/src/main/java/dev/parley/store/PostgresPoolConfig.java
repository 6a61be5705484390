package dev.parley.store;

import com.zaxxer.hikari.HikariConfig;
import java.time.Duration;
import java.util.Properties;
import org.postgresql.Driver;

/**
 * The HikariCP and pgjdbc settings of {@link PostgresDatabase}: every wait bounded, so that a dead
 * or hung server costs a request an error within seconds, never a hang.
 */
final class PostgresPoolConfig {
  /** Longest wait for a pooled connection, including opening a new one. */
  static final Duration CONNECTION_TIMEOUT = Duration.ofMillis(2500);

  /** The server cancels a statement running longer (a lock wait counts). */
  static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(5);

  /**
   * The driver gives up on a silent server after this; longer than {@link #STATEMENT_TIMEOUT}, so
   * that a live server's own cancellation (which keeps the connection usable) comes first.
   */
  static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(10);

  private PostgresPoolConfig() {}

  /**
   * The pool for {@code jdbcUrl}. The URL's own parameters override the defaults here; {@code
   * schema}, when given, overrides the URL's {@code currentSchema}.
   */
  static HikariConfig of(String jdbcUrl, String schema, int poolSize) {
    Properties fromUrl = Driver.parseURL(jdbcUrl, null);
    if (fromUrl == null) {
      throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + jdbcUrl);
    }
    Properties driver = defaults();
    driver.putAll(fromUrl);
    if (schema != null) {
      // A startup parameter, not Hikari's setSchema: pgjdbc runs that SET inside the connection's
      // first transaction, and a read ending in a rollback would undo it.
      driver.setProperty("currentSchema", schema);
    }
    HikariConfig config = new HikariConfig();
    config.setPoolName("parley-postgres");
    // Parameters go as properties only: in the URL they would win over the schema.
    int query = jdbcUrl.indexOf('?');
    config.setJdbcUrl(query < 0 ? jdbcUrl : jdbcUrl.substring(0, query));
    config.setDataSourceProperties(driver);
    config.setMaximumPoolSize(poolSize);
    // A few warm connections, not the whole pool: several nodes and test runs share one server's
    // max_connections (100 by default).
    config.setMinimumIdle(Math.min(4, poolSize));
    config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
    config.setValidationTimeout(1000);
    config.setAutoCommit(false);
    config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
    return config;
  }

  private static Properties defaults() {
    Properties p = new Properties();
    p.setProperty("ApplicationName", "parley");
    // Connecting and logging in, together: opening fails within about 3 s (Hikari waits 1 s
    // before giving up on its first connection).
    p.setProperty("connectTimeout", "2");
    p.setProperty("loginTimeout", "2");
    p.setProperty("socketTimeout", Long.toString(SOCKET_TIMEOUT.toSeconds()));
    p.setProperty("tcpKeepAlive", "true");
    p.setProperty(
        "options",
        "-c statement_timeout="
            + STATEMENT_TIMEOUT.toMillis()
            // a process that stalls inside a transaction must not hold its row locks for long
            + " -c idle_in_transaction_session_timeout=30000");
    return p;
  }
}
