package dev.parley.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * One SQL statement and its parameters. Parameters are encoded once here: an {@link Instant} as
 * epoch millis, a boolean as 0/1, so that every table reads the same way.
 */
final class Sql {
  /** Ids per {@code IN (...)} list: far below SQLite's and PostgreSQL's bind limits. */
  static final int IN_CHUNK = 500;

  private final Connection connection;
  private final String text;
  private final List<Object> params;

  private Sql(Connection connection, String text, List<Object> params) {
    this.connection = connection;
    this.text = text;
    this.params = params;
  }

  static Sql of(Connection connection, String text, Object... params) {
    List<Object> list = new ArrayList<>(params.length);
    Collections.addAll(list, params);
    return new Sql(connection, text, list);
  }

  /**
   * Runs a query whose {@code IN (?)} placeholder stands for {@code values}, bound after {@code
   * params}, once per chunk of values; the rows of all chunks, in no particular order.
   */
  static <T> List<T> listIn(
      Connection connection,
      String text,
      Collection<?> values,
      RowMapper<T> mapper,
      Object... params)
      throws SQLException {
    List<Object> all = List.copyOf(new LinkedHashSet<>(values));
    List<T> out = new ArrayList<>();
    for (int from = 0; from < all.size(); from += IN_CHUNK) {
      List<Object> chunk = all.subList(from, Math.min(all.size(), from + IN_CHUNK));
      String marks = String.join(", ", Collections.nCopies(chunk.size(), "?"));
      Sql sql = of(connection, text.replace("IN (?)", "IN (" + marks + ")"), params);
      sql.params.addAll(chunk);
      out.addAll(sql.list(mapper));
    }
    return out;
  }

  int update() throws SQLException {
    try (PreparedStatement ps = prepare()) {
      return ps.executeUpdate();
    }
  }

  <T> List<T> list(RowMapper<T> mapper) throws SQLException {
    try (PreparedStatement ps = prepare();
        ResultSet rs = ps.executeQuery()) {
      List<T> out = new ArrayList<>();
      Row row = new Row(rs);
      while (rs.next()) {
        out.add(mapper.map(row));
      }
      return out;
    }
  }

  <T> Optional<T> first(RowMapper<T> mapper) throws SQLException {
    try (PreparedStatement ps = prepare();
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? Optional.of(mapper.map(new Row(rs))) : Optional.empty();
    }
  }

  private PreparedStatement prepare() throws SQLException {
    PreparedStatement ps = connection.prepareStatement(text);
    try {
      for (int i = 0; i < params.size(); i++) {
        bind(ps, i + 1, params.get(i));
      }
      return ps;
    } catch (SQLException | RuntimeException e) {
      ps.close();
      throw e;
    }
  }

  private static void bind(PreparedStatement ps, int index, Object value) throws SQLException {
    switch (value) {
      case null -> ps.setObject(index, null);
      case Instant at -> ps.setLong(index, at.toEpochMilli());
      case Boolean b -> ps.setInt(index, b ? 1 : 0);
      case String s -> ps.setString(index, s);
      case Long l -> ps.setLong(index, l);
      case Integer n -> ps.setInt(index, n);
      default -> throw new IllegalArgumentException("cannot bind a " + value.getClass().getName());
    }
  }
}
