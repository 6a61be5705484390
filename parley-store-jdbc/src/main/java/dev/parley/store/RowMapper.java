package dev.parley.store;

import java.sql.SQLException;

/** Turns the current row of a result into a value. */
@FunctionalInterface
interface RowMapper<T> {
  T map(Row row) throws SQLException;
}
