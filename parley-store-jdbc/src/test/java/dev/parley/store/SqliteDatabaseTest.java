package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.error.NotFound;
import dev.parley.core.error.Unavailable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteDatabaseTest {
  @TempDir Path tmp;

  private static String pragma(Connection c, String name) throws SQLException {
    return Sql.of(c, "PRAGMA " + name).first(r -> r.rs().getString(1)).orElseThrow();
  }

  @Test
  void createsTheDataDirectoryAndTheFile() {
    Path dataDir = tmp.resolve("nested/data");

    SqliteDatabase.open(dataDir).close();

    assertThat(dataDir.resolve("parley.db")).exists();
  }

  @Test
  void writerIsDurableWalWithForeignKeys() {
    try (SqliteDatabase db = SqliteDatabase.open(tmp)) {
      db.write(
          c -> {
            assertThat(pragma(c, "journal_mode")).isEqualToIgnoringCase("wal");
            assertThat(pragma(c, "synchronous")).isEqualTo("2"); // FULL
            assertThat(pragma(c, "foreign_keys")).isEqualTo("1");
            assertThat(Integer.parseInt(pragma(c, "busy_timeout"))).isPositive();
            return null;
          });
    }
  }

  @Test
  void writerKeepsSavepointJournalsInMemoryAndLeavesCheckpointsToTheCheckpointer() {
    try (SqliteDatabase db = SqliteDatabase.open(tmp)) {
      db.write(
          c -> {
            assertThat(pragma(c, "temp_store")).isEqualTo("2"); // MEMORY
            assertThat(Integer.parseInt(pragma(c, "wal_autocheckpoint"))).isGreaterThan(1000);
            return null;
          });
    }
  }

  @Test
  void theLogIsCopiedIntoTheDatabaseFileInTheBackground() throws Exception {
    Path file = tmp.resolve("parley.db");
    try (SqliteDatabase db = SqliteDatabase.open(tmp)) {
      long before = Files.size(file);
      db.write(c -> Sql.of(c, "CREATE TABLE filler (b BLOB)").update());
      db.write(
          c ->
              Sql.of(
                      c,
                      """
                      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
                      INSERT INTO filler SELECT randomblob(1000) FROM n""")
                  .update());

      long deadline = System.nanoTime() + 5_000_000_000L;
      // A checkpoint grows the file as it copies pages, so wait for the whole copy, not the first.
      while (Files.size(file) <= before + 1_000_000 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }

      assertThat(Files.size(file)).isGreaterThan(before + 1_000_000); // 2 MB are in the file
    }
  }

  @Test
  void readersCannotWrite() {
    try (SqliteDatabase db = SqliteDatabase.open(tmp)) {
      String queryOnly = db.read(c -> pragma(c, "query_only"));
      assertThat(queryOnly).isEqualTo("1");
      assertThatThrownBy(() -> db.read(c -> Sql.of(c, "DELETE FROM users").update()))
          .isInstanceOf(Unavailable.class)
          .hasCauseInstanceOf(SQLException.class);
    }
  }

  @Test
  void domainErrorRollsTheWriteBackAndPropagates() {
    try (SqliteDatabase db = SqliteDatabase.open(tmp)) {
      assertThatThrownBy(
              () ->
                  db.write(
                      c -> {
                        Sql.of(c, "INSERT INTO users VALUES ('u1', 'ann', 'Ann', 'h', 0, NULL)")
                            .update();
                        throw new NotFound("changed my mind");
                      }))
          .isInstanceOf(NotFound.class);

      List<String> ids = db.read(c -> Sql.of(c, "SELECT id FROM users").list(r -> r.text("id")));
      assertThat(ids).isEmpty();
    }
  }

  @Test
  void sqlErrorIsUnavailableWithItsCause() {
    try (SqliteDatabase db = SqliteDatabase.open(tmp)) {
      assertThatThrownBy(() -> db.write(c -> Sql.of(c, "INSERT INTO nowhere VALUES (1)").update()))
          .isInstanceOf(Unavailable.class)
          .hasCauseInstanceOf(SQLException.class);
    }
  }

  @Test
  void closedDatabaseIsUnavailableAndClosesOnce() {
    SqliteDatabase db = SqliteDatabase.open(tmp);
    db.close();
    db.close();

    assertThatThrownBy(() -> db.read(c -> 1)).isInstanceOf(Unavailable.class);
    assertThatThrownBy(() -> db.write(c -> 1)).isInstanceOf(Unavailable.class);
  }

  @Test
  void unusableDirectoryIsUnavailable() throws Exception {
    Path file = Files.writeString(tmp.resolve("not-a-dir"), "x");

    assertThatThrownBy(() -> SqliteDatabase.open(file)).isInstanceOf(Unavailable.class);
  }

  @Test
  void aDirectoryIsOpenedByOneDatabaseAtATime() {
    try (SqliteDatabase db = SqliteDatabase.open(tmp)) {
      assertThatThrownBy(() -> SqliteDatabase.open(tmp))
          .isInstanceOf(Unavailable.class)
          .hasMessageContaining(tmp.toString());
      int stillUsable = db.read(c -> 1);
      assertThat(stillUsable).isEqualTo(1);
    }
    SqliteDatabase.open(tmp).close();
  }

  @Test
  void reopeningDoesNotMigrateAgain() throws Exception {
    SqliteDatabase.open(tmp).close();

    try (SqliteDatabase db = SqliteDatabase.open(tmp)) {
      long migrations =
          db.read(
              c ->
                  Sql.of(c, "SELECT COUNT(*) AS n FROM flyway_schema_history")
                      .first(r -> r.int64("n"))
                      .orElseThrow());
      assertThat(migrations).isEqualTo(migrationFiles("sqlite")); // each applied once
    }
  }

  static long migrationFiles(String dialect) throws Exception {
    try (var files = Files.list(Path.of(Sql.class.getResource("/db/" + dialect).toURI()))) {
      return files.filter(f -> f.getFileName().toString().endsWith(".sql")).count();
    }
  }
}
