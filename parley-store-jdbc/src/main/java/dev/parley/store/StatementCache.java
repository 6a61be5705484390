package dev.parley.store;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepared statements kept per SQLite connection. The SQLite driver compiles a statement anew on
 * every {@code prepareStatement}, which profiling showed as a quarter of the writer thread's time;
 * PostgreSQL's driver keeps its own cache. {@link #wrap} gives a connection whose {@code
 * prepareStatement(String)} hands out a cached statement when the same text was prepared before and
 * its last user closed it; closing it only clears its parameters. At most {@code capacity}
 * statements are kept (least recently used first out). A connection is used by one thread at a
 * time, so the cache is not synchronized.
 */
final class StatementCache {
  static final int DEFAULT_CAPACITY = 64;

  private static final Logger log = LoggerFactory.getLogger(StatementCache.class);

  private final Connection connection;
  private final Map<String, Cached> statements;

  private StatementCache(Connection connection, int capacity) {
    this.connection = connection;
    this.statements =
        new LinkedHashMap<>(capacity * 2, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
            if (size() <= capacity) {
              return false;
            }
            eldest.getValue().evict();
            return true;
          }
        };
  }

  /** {@code connection} with a statement cache of {@code capacity}; closing it closes them all. */
  static Connection wrap(Connection connection, int capacity) {
    StatementCache cache = new StatementCache(connection, capacity);
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> cache.onConnection(method, args));
  }

  private Object onConnection(Method method, Object[] args) throws Throwable {
    if (method.getName().equals("prepareStatement")
        && args != null
        && args.length == 1
        && args[0] instanceof String sql) {
      return prepare(sql);
    }
    if (method.getName().equals("close")) {
      closeAll();
    }
    return invoke(connection, method, args);
  }

  private PreparedStatement prepare(String sql) throws SQLException {
    Cached cached = statements.get(sql);
    if (cached == null) {
      cached = new Cached(connection.prepareStatement(sql));
      statements.put(sql, cached);
    } else if (cached.inUse) {
      return connection.prepareStatement(sql); // the same text twice at once: an uncached one
    }
    cached.inUse = true;
    return cached.view;
  }

  private void closeAll() {
    statements.values().forEach(Cached::evict);
    statements.clear();
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /** One kept statement, and the view of it that its users get and close. */
  private static final class Cached {
    private final PreparedStatement statement;
    private final PreparedStatement view;
    private boolean inUse;
    private boolean evicted;

    Cached(PreparedStatement statement) {
      this.statement = statement;
      this.view =
          (PreparedStatement)
              Proxy.newProxyInstance(
                  PreparedStatement.class.getClassLoader(),
                  new Class<?>[] {PreparedStatement.class},
                  (proxy, method, args) -> onStatement(method, args));
    }

    private Object onStatement(Method method, Object[] args) throws Throwable {
      return switch (method.getName()) {
        case "close" -> {
          release();
          yield null;
        }
        case "isClosed" -> !inUse || statement.isClosed();
        default -> invoke(statement, method, args);
      };
    }

    /** Its user is done: it is kept (or closed, if it was evicted while in use). */
    private void release() throws SQLException {
      if (!inUse) {
        return;
      }
      inUse = false;
      if (evicted) {
        statement.close();
      } else {
        statement.clearParameters();
      }
    }

    /** Out of the cache: closed now, or when its user is done with it. */
    void evict() {
      evicted = true;
      if (inUse) {
        return;
      }
      try {
        statement.close();
      } catch (SQLException e) {
        log.debug("closing a cached statement failed", e);
      }
    }
  }
}
