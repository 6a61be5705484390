package dev.parley.store;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import org.sqlite.core.CoreResultSet;

/** Typed reads of the current row, in the store's encodings: epoch millis, 0/1 flags. */
record Row(ResultSet rs) {

  String text(String column) throws SQLException {
    if (!(rs instanceof CoreResultSet)) {
      return rs.getString(column);
    }
    // SQLite's driver hands TEXT out through a direct ByteBuffer made by a JNI up-call per value,
    // which cost more than the query itself in history profiles; its BLOB read copies the same
    // UTF-8 bytes into an array (and gives null for NULL). UTF-8 because Parley's databases are
    // created with SQLite's default encoding, which it never changes.
    byte[] utf8 = rs.getBytes(column);
    return utf8 == null ? null : new String(utf8, StandardCharsets.UTF_8);
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
