package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StatementCacheTest {
  private Connection connection;

  @BeforeEach
  void open() throws SQLException {
    connection = StatementCache.wrap(DriverManager.getConnection("jdbc:sqlite::memory:"), 2);
  }

  @AfterEach
  void close() throws SQLException {
    connection.close();
  }

  @Test
  void theSameTextGetsTheSameStatementOnceItsUserClosedIt() throws SQLException {
    PreparedStatement first = connection.prepareStatement("SELECT ? + 1");
    PreparedStatement real = real(first);
    assertThat(query(first, 1)).isEqualTo(2);
    first.close();

    PreparedStatement second = connection.prepareStatement("SELECT ? + 1");

    assertThat(real(second)).isSameAs(real);
    assertThat(real.isClosed()).isFalse();
    assertThat(query(second, 41)).isEqualTo(42);
  }

  @Test
  void closingClearsTheParameters() throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement("SELECT ?")) {
      ps.setString(1, "kept?");
    }
    try (PreparedStatement ps = connection.prepareStatement("SELECT ?");
        ResultSet rs = ps.executeQuery()) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isNull();
    }
  }

  @Test
  void theSameTextTwiceAtOnceGetsTwoStatements() throws SQLException {
    try (PreparedStatement outer = connection.prepareStatement("SELECT ? + 1");
        PreparedStatement inner = connection.prepareStatement("SELECT ? + 1")) {
      assertThat(real(inner)).isNotSameAs(real(outer));
      outer.setInt(1, 1);
      try (ResultSet rs = outer.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(query(inner, 10)).isEqualTo(11);
        assertThat(rs.getInt(1)).isEqualTo(2);
      }
    }
  }

  @Test
  void theLeastRecentlyUsedIsClosedWhenTheCacheIsFull() throws SQLException {
    PreparedStatement a = real(prepareAndClose("SELECT 1"));
    PreparedStatement b = real(prepareAndClose("SELECT 2"));
    prepareAndClose("SELECT 1"); // now b is the least recently used

    prepareAndClose("SELECT 3");

    assertThat(b.isClosed()).isTrue();
    assertThat(a.isClosed()).isFalse();
  }

  @Test
  void aStatementEvictedWhileInUseIsClosedWhenItsUserIsDone() throws SQLException {
    PreparedStatement inUse = connection.prepareStatement("SELECT ? + 1");
    prepareAndClose("SELECT 2");
    prepareAndClose("SELECT 3"); // evicts the one in use

    assertThat(query(inUse, 1)).isEqualTo(2);
    PreparedStatement real = real(inUse);
    inUse.close();

    assertThat(real.isClosed()).isTrue();
  }

  @Test
  void closingTheConnectionClosesTheKeptStatements() throws SQLException {
    PreparedStatement kept = real(prepareAndClose("SELECT 1"));

    connection.close();

    assertThat(kept.isClosed()).isTrue();
  }

  @Test
  void aClosedViewSaysItIsClosed() throws SQLException {
    PreparedStatement ps = connection.prepareStatement("SELECT 1");
    assertThat(ps.isClosed()).isFalse();

    ps.close();

    assertThat(ps.isClosed()).isTrue();
  }

  private PreparedStatement prepareAndClose(String sql) throws SQLException {
    PreparedStatement ps = connection.prepareStatement(sql);
    ps.close();
    return ps;
  }

  private static PreparedStatement real(PreparedStatement view) throws SQLException {
    return view.unwrap(PreparedStatement.class);
  }

  private static int query(PreparedStatement ps, int value) throws SQLException {
    ps.setInt(1, value);
    try (ResultSet rs = ps.executeQuery()) {
      assertThat(rs.next()).isTrue();
      return rs.getInt(1);
    }
  }
}
