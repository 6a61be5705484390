package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.error.NotFound;
import dev.parley.core.error.Unavailable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The PostgreSQL database itself: schemas, transactions, and bounded waits when it goes away. */
class PostgresDatabaseTest {
  @RegisterExtension static final PostgresExtension pg = new PostgresExtension();

  /** A schema of this test's own, dropped after it; for the tests that create one. */
  private final String ownSchema = pg.schema() + "_own";

  @AfterEach
  void dropOwnSchema() throws SQLException {
    try (Connection c = PostgresExtension.connect();
        Statement statement = c.createStatement()) {
      statement.executeUpdate("DROP SCHEMA IF EXISTS " + ownSchema + " CASCADE");
    }
  }

  private static int insertUser(Connection c, String id) throws SQLException {
    return Sql.of(c, "INSERT INTO users VALUES (?, ?, 'Ann', 'h', 0, NULL)", id, id).update();
  }

  private static long users(Connection c) throws SQLException {
    return Sql.of(c, "SELECT COUNT(*) AS n FROM users").first(r -> r.int64("n")).orElseThrow();
  }

  private static String show(PostgresDatabase db, String setting) {
    return db.read(c -> Sql.of(c, "SHOW " + setting).first(r -> r.rs().getString(1))).orElseThrow();
  }

  @Test
  void createsItsSchemaAndMigratesItOnce() throws Exception {
    PostgresDatabase.open(PostgresExtension.URL, ownSchema, 2).close();

    try (PostgresDatabase db = PostgresDatabase.open(PostgresExtension.URL, ownSchema, 2)) {
      assertThat(show(db, "search_path")).contains(ownSchema);
      long migrations =
          db.read(
              c ->
                  Sql.of(c, "SELECT COUNT(*) AS n FROM flyway_schema_history")
                      .first(r -> r.int64("n"))
                      .orElseThrow());
      assertThat(migrations).isEqualTo(migrationFiles("postgres")); // each applied once
      assertThat(db.read(PostgresDatabaseTest::users)).isZero();
    }
  }

  @Test
  void aConnectionKeepsTheSchemaWhenItsFirstTransactionIsARead() throws Exception {
    int size = 6;
    try (PostgresDatabase db = pg.open(size);
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int round = 0; round < 2; round++) {
        CyclicBarrier together = new CyclicBarrier(size); // every connection of the pool in use
        List<Future<Long>> reads = new ArrayList<>();
        for (int i = 0; i < size; i++) {
          reads.add(
              pool.submit(
                  () ->
                      db.read(
                          c -> {
                            await(together);
                            return users(c);
                          })));
        }
        for (Future<Long> read : reads) {
          assertThat(read.get()).isZero();
        }
      }
    }
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("the reads did not all start", e);
    }
  }

  @Test
  void theSchemaOptionWinsOverTheUrls() {
    PostgresDatabase.open(PostgresExtension.URL, ownSchema, 2).close();
    String url = PostgresExtension.URL + "&currentSchema=" + pg.schema();

    try (PostgresDatabase db = PostgresDatabase.open(url, ownSchema, 2)) {
      assertThat(show(db, "search_path")).isEqualTo(ownSchema);
    }
  }

  @Test
  void nodesStartingTogetherOnANewSchemaAllOpen() throws Exception {
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<PostgresDatabase>> opening =
          IntStream.range(0, 3)
              .mapToObj(
                  i ->
                      pool.submit(() -> PostgresDatabase.open(PostgresExtension.URL, ownSchema, 2)))
              .toList();
      for (Future<PostgresDatabase> db : opening) {
        db.get().close();
      }
    }
  }

  @Test
  void sessionsHaveBoundedStatementAndIdleTransactionTimeouts() {
    try (PostgresDatabase db = pg.open(2)) {
      assertThat(show(db, "statement_timeout")).isEqualTo("5s");
      assertThat(show(db, "idle_in_transaction_session_timeout")).isEqualTo("30s");
    }
  }

  @Test
  void aTimeoutTheUrlSetsIsKept() {
    String url = PostgresExtension.URL + "&options=-c%20statement_timeout%3D1234";

    try (PostgresDatabase db = PostgresDatabase.open(url, pg.schema(), 2)) {
      assertThat(show(db, "statement_timeout")).isEqualTo("1234ms");
    }
  }

  @Test
  void readsCannotWrite() {
    try (PostgresDatabase db = pg.open(2)) {
      assertThatThrownBy(() -> db.read(c -> insertUser(c, "u1")))
          .isInstanceOf(Unavailable.class)
          .hasCauseInstanceOf(SQLException.class);
    }
  }

  @Test
  void aReadSeesOneSnapshot() throws Exception {
    try (PostgresDatabase db = pg.open(2)) {
      List<Long> counts =
          db.read(
              c -> {
                long before = users(c);
                CompletableFuture.runAsync(() -> db.write(w -> insertUser(w, "u1"))).join();
                return List.of(before, users(c));
              });

      assertThat(counts).containsExactly(0L, 0L);
      assertThat(db.read(PostgresDatabaseTest::users)).isEqualTo(1);
    }
  }

  @Test
  void domainErrorRollsTheWriteBackAndPropagates() {
    try (PostgresDatabase db = pg.open(2)) {
      assertThatThrownBy(
              () ->
                  db.write(
                      c -> {
                        insertUser(c, "u1");
                        throw new NotFound("changed my mind");
                      }))
          .isInstanceOf(NotFound.class);

      assertThat(db.read(PostgresDatabaseTest::users)).isZero();
    }
  }

  @Test
  void sqlErrorIsUnavailableWithItsCause() {
    try (PostgresDatabase db = pg.open(2)) {
      assertThatThrownBy(() -> db.write(c -> Sql.of(c, "INSERT INTO nowhere VALUES (1)").update()))
          .isInstanceOf(Unavailable.class)
          .hasCauseInstanceOf(SQLException.class);
    }
  }

  @Test
  void closedDatabaseIsUnavailableAndClosesOnce() {
    PostgresDatabase db = pg.open(2);
    db.close();
    db.close();

    assertThatThrownBy(() -> db.read(c -> 1)).isInstanceOf(Unavailable.class);
    assertThatThrownBy(() -> db.write(c -> 1)).isInstanceOf(Unavailable.class);
  }

  @Test
  void schemaNameMustBeAPlainIdentifier() {
    assertThatThrownBy(() -> PostgresDatabase.open(PostgresExtension.URL, "x\"; DROP", 2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PostgresDatabase.open("jdbc:sqlite:x.db", null, 2))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void stoppedServerIsUnavailableAtOnceAndUsableAgainWhenBack() throws Exception {
    pg.empty();
    try (TcpProxy proxy = new TcpProxy(PostgresExtension.address());
        PostgresDatabase db = PostgresDatabase.open(throughProxy(proxy), pg.schema(), 2)) {
      db.write(c -> insertUser(c, "u1"));

      proxy.set(TcpProxy.Mode.CUT);
      long began = System.nanoTime();
      assertThatThrownBy(() -> db.write(c -> insertUser(c, "u2"))).isInstanceOf(Unavailable.class);
      assertThat(Duration.ofNanos(System.nanoTime() - began))
          .isLessThan(PostgresPoolConfig.CONNECTION_TIMEOUT.plusSeconds(1));

      proxy.set(TcpProxy.Mode.OPEN);
      db.write(c -> insertUser(c, "u3"));
      assertThat(db.read(PostgresDatabaseTest::users)).isEqualTo(2);
    }
  }

  @Test
  void hungServerIsUnavailableWithinTheConnectionTimeout() throws Exception {
    pg.empty();
    try (TcpProxy proxy = new TcpProxy(PostgresExtension.address());
        PostgresDatabase db = PostgresDatabase.open(throughProxy(proxy), pg.schema(), 2)) {
      db.write(c -> insertUser(c, "u1"));

      proxy.set(TcpProxy.Mode.FROZEN);
      // Hikari checks a connection idle for over 500 ms before lending it; one used just now goes
      // straight to its statement, which the socket timeout (10 s) ends instead.
      Thread.sleep(600);
      long began = System.nanoTime();
      assertThatThrownBy(() -> db.write(c -> insertUser(c, "u2"))).isInstanceOf(Unavailable.class);
      assertThat(Duration.ofNanos(System.nanoTime() - began))
          .isLessThan(PostgresPoolConfig.CONNECTION_TIMEOUT.plusSeconds(1));
      proxy.set(TcpProxy.Mode.CUT); // ends the logins still hanging, so the pool closes at once
    }
  }

  /** The test server's URL, on the proxy's port. */
  private static String throughProxy(TcpProxy proxy) {
    return PostgresExtension.URL.replaceFirst("//[^/]+/", "//127.0.0.1:" + proxy.port() + "/");
  }

  static long migrationFiles(String dialect) throws Exception {
    try (var files = Files.list(Path.of(Sql.class.getResource("/db/" + dialect).toURI()))) {
      return files.filter(f -> f.getFileName().toString().endsWith(".sql")).count();
    }
  }
}
