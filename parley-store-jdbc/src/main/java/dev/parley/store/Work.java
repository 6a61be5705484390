package dev.parley.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The body of one transaction; {@link Database} commits it, or rolls it back when it throws. It
 * never commits, rolls back or closes the connection itself.
 */
@FunctionalInterface
public interface Work<T> {
  T run(Connection connection) throws SQLException;
}
