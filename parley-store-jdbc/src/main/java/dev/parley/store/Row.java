package dev.parley.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** Typed reads of the current row, in the store's encodings: epoch millis, 0/1 flags. */
record Row(ResultSet rs) {

  String text(String column) throws SQLException {
    return rs.getString(column);
  }

  long int64(String column) throws SQLException {
    return rs.getLong(column);
  }

  int int32(String column) throws SQLException {
    return rs.getInt(column);
  }

  boolean flag(String column) throws SQLException {
    return rs.getInt(column) != 0;
  }

  /** The instant stored in the column, or null when it is NULL. */
  Instant instant(String column) throws SQLException {
    long millis = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
  }
}
