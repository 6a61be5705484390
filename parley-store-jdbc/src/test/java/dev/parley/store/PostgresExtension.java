package dev.parley.store;

import static org.junit.jupiter.api.Assertions.fail;

import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.postgresql.Driver;

/**
 * The local PostgreSQL for a test class: one schema per test run ({@code parley_test_<random>}),
 * migrated once and dropped when the run ends, so runs never see each other's data. When the server
 * is unreachable the class is skipped, or fails when {@code CI=true}.
 */
public final class PostgresExtension implements BeforeAllCallback {
  /** The server the tests use; {@code PARLEY_TEST_POSTGRES_URL} overrides it. */
  static final String URL =
      System.getenv()
          .getOrDefault(
              "PARLEY_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(PostgresExtension.class);

  private Run run;

  @Override
  public void beforeAll(ExtensionContext context) {
    run =
        context
            .getRoot()
            .getStore(NAMESPACE)
            .computeIfAbsent(Run.class, k -> Run.start(), Run.class);
    if (run.unreachable() != null) {
      String why = "PostgreSQL at " + URL + " is unreachable (" + run.unreachable() + ")";
      if ("true".equals(System.getenv("CI"))) {
        fail(why + "; CI=true, so the PostgreSQL tests fail instead of being skipped");
      }
      Assumptions.abort(why + "; skipping the PostgreSQL tests (set CI=true to fail instead)");
    }
  }

  /** This run's schema. */
  String schema() {
    return run.schema();
  }

  /** A new database on this run's schema, its tables emptied; the caller closes it. */
  PostgresDatabase open(int poolSize) {
    empty();
    return PostgresDatabase.open(URL, run.schema(), poolSize);
  }

  /** Deletes every row of this run's schema. */
  void empty() {
    run.empty();
  }

  /** The host and port of {@link #URL}. */
  static InetSocketAddress address() {
    Properties parsed = Driver.parseURL(URL, null);
    return new InetSocketAddress(
        parsed.getProperty("PGHOST"), Integer.parseInt(parsed.getProperty("PGPORT")));
  }

  /** A connection outside any pool, auto-committing, for setting up and looking around. */
  static Connection connect() throws SQLException {
    Properties props = new Properties();
    props.setProperty("connectTimeout", "2");
    props.setProperty("loginTimeout", "3");
    props.setProperty("socketTimeout", "30");
    return DriverManager.getConnection(URL, props);
  }

  /**
   * The run's schema, migrated by a first open, and the one connection the run keeps for emptying
   * it; closing drops the schema, when the run ends.
   */
  private static final class Run implements AutoCloseable {
    private static final String[] TABLES = {
      "messages", "thread_members", "devices", "sessions", "tasks", "threads", "users"
    };

    private final String schema =
        "parley_test_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    private Connection admin;
    private String unreachable;

    static Run start() {
      Run run = new Run();
      try {
        run.admin = connect();
      } catch (SQLException e) {
        run.unreachable = e.getMessage();
        return run;
      }
      PostgresDatabase.open(URL, run.schema, 2).close();
      return run;
    }

    String schema() {
      return schema;
    }

    String unreachable() {
      return unreachable;
    }

    /** Deletes every row, children first: much cheaper than a schema per test. */
    synchronized void empty() {
      try (Statement statement = admin.createStatement()) {
        for (String table : TABLES) {
          statement.executeUpdate("DELETE FROM \"" + schema + "\"." + table);
        }
      } catch (SQLException e) {
        throw new IllegalStateException("cannot empty the test schema " + schema, e);
      }
    }

    @Override
    public synchronized void close() throws SQLException {
      if (admin == null) {
        return;
      }
      try (Connection c = admin;
          Statement statement = c.createStatement()) {
        statement.executeUpdate("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
      }
    }
  }
}
