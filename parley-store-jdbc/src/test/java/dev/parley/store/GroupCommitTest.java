package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.parley.core.error.NotFound;
import dev.parley.core.error.Unavailable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/**
 * Group commit on a one-table SQLite file. A batch is formed on purpose: a first unit holds the
 * writer thread while the others queue, so they all run in the writer's next transaction.
 */
class GroupCommitTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path tmp;

  private final AtomicBoolean failCommits = new AtomicBoolean();
  private final List<GroupCommit> started = new ArrayList<>();
  private SQLiteDataSource file;
  private HikariDataSource pool;

  @BeforeEach
  void createTable() throws SQLException {
    file = SqliteDatabase.dataSource("jdbc:sqlite:" + tmp.resolve("kv.db").toAbsolutePath());
    try (Connection c = file.getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE kv (k TEXT NOT NULL PRIMARY KEY)");
    }
    HikariConfig config = new HikariConfig();
    config.setDataSource(failingCommits(file));
    config.setMaximumPoolSize(1);
    config.setAutoCommit(false);
    pool = new HikariDataSource(config);
  }

  @AfterEach
  void close() {
    started.forEach(g -> g.close(WAIT));
    pool.close();
  }

  private GroupCommit start(int maxBatch, Duration queueTimeout) {
    GroupCommit g = GroupCommit.start(pool, maxBatch, queueTimeout, "test-writer");
    started.add(g);
    return g;
  }

  private GroupCommit start() {
    return start(GroupCommit.DEFAULT_MAX_BATCH, WAIT);
  }

  /** A source whose connections fail to commit while {@link #failCommits} is set. */
  private DataSource failingCommits(DataSource source) {
    return (DataSource)
        Proxy.newProxyInstance(
            DataSource.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              Object result = invoke(source, method, args);
              return result instanceof Connection c ? failingCommits(c) : result;
            });
  }

  private Connection failingCommits(Connection c) {
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              if (method.getName().equals("commit") && failCommits.get()) {
                throw new SQLException("disk I/O error (simulated)");
              }
              return invoke(c, method, args);
            });
  }

  private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args)
      throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static Work<Object> put(String k) {
    return c -> Sql.of(c, "INSERT INTO kv (k) VALUES (?)", k).update();
  }

  /** The keys committed, read on a connection of its own. */
  private List<String> keys() throws SQLException {
    try (Connection c = file.getConnection()) {
      return Sql.of(c, "SELECT k FROM kv ORDER BY k").list(r -> r.text("k"));
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      assertThat(latch.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static CompletableFuture<Object> writeAsync(GroupCommit g, Work<?> work) {
    CompletableFuture<Object> outcome = new CompletableFuture<>();
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                outcome.complete(g.write(work));
              } catch (Throwable e) {
                outcome.completeExceptionally(e);
              }
            });
    return outcome;
  }

  /** A unit that runs {@code before}, then keeps the writer thread until released. */
  private record Hold(CompletableFuture<Object> outcome, CountDownLatch release) {}

  private static Hold hold(GroupCommit g, Work<?> before) {
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Object> outcome =
        writeAsync(
            g,
            c -> {
              before.run(c);
              running.countDown();
              awaitQuietly(release);
              return "held";
            });
    awaitQuietly(running);
    return new Hold(outcome, release);
  }

  /** Queues {@code works} in order behind a held writer, then lets them run as one batch. */
  private static List<CompletableFuture<Object>> oneBatch(GroupCommit g, List<Work<?>> works) {
    Hold hold = hold(g, c -> null);
    List<CompletableFuture<Object>> outcomes = queue(g, works);
    hold.release().countDown();
    return outcomes;
  }

  private static List<CompletableFuture<Object>> queue(GroupCommit g, List<Work<?>> works) {
    List<CompletableFuture<Object>> outcomes = new ArrayList<>();
    for (Work<?> work : works) {
      int queued = g.queued() + 1;
      outcomes.add(writeAsync(g, work));
      await().atMost(WAIT).until(() -> g.queued() == queued);
    }
    return outcomes;
  }

  private static Object outcome(CompletableFuture<Object> f) throws Exception {
    return f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  private static Throwable failure(CompletableFuture<Object> f) {
    try {
      Object value = f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      throw new AssertionError("expected a failure, got " + value);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aLoneWriteCommitsAtOnce() throws Exception {
    GroupCommit g = start();

    assertThat(g.write(put("a"))).isEqualTo(1);

    assertThat(keys()).containsExactly("a");
    assertThat(g.commits()).isEqualTo(1);
  }

  @Test
  void queuedWritesShareOneCommit() throws Exception {
    GroupCommit g = start();

    List<CompletableFuture<Object>> outcomes =
        oneBatch(g, List.of(put("a"), put("b"), put("c"), put("d"), put("e")));

    for (CompletableFuture<Object> f : outcomes) {
      assertThat(outcome(f)).isEqualTo(1);
    }
    assertThat(keys()).containsExactly("a", "b", "c", "d", "e");
    assertThat(g.commits()).isEqualTo(2); // the holding unit's, then the five's
    assertThat(g.committedUnits()).isEqualTo(6);
  }

  @Test
  void aBatchIsBounded() throws Exception {
    GroupCommit g = start(3, WAIT);
    List<Work<?>> works = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      works.add(put("k" + i));
    }

    List<CompletableFuture<Object>> outcomes = oneBatch(g, works);

    for (CompletableFuture<Object> f : outcomes) {
      assertThat(outcome(f)).isEqualTo(1);
    }
    assertThat(keys()).hasSize(7);
    assertThat(g.commits()).isEqualTo(1 + 3); // 3 + 3 + 1
  }

  @Test
  void aFailingUnitIsRolledBackAloneAndOnlyItsCallerLearnsIt() throws Exception {
    GroupCommit g = start();

    List<CompletableFuture<Object>> outcomes =
        oneBatch(
            g,
            List.of(
                put("a"),
                put("a"), // unique conflict with the unit before it, in the same transaction
                c -> {
                  put("b").run(c);
                  throw new NotFound("no such thread");
                },
                c -> {
                  put("c").run(c);
                  throw new AssertionError("a bug");
                },
                put("d")));

    assertThat(outcome(outcomes.get(0))).isEqualTo(1);
    assertThat(failure(outcomes.get(1)))
        .isInstanceOf(Unavailable.class)
        .hasCauseInstanceOf(SQLException.class);
    assertThat(failure(outcomes.get(2))).isInstanceOf(NotFound.class);
    assertThat(failure(outcomes.get(3))).isInstanceOf(AssertionError.class).hasMessage("a bug");
    assertThat(outcome(outcomes.get(4))).isEqualTo(1);
    assertThat(keys()).containsExactly("a", "d");
    assertThat(g.commits()).isEqualTo(2);
  }

  @Test
  void unitsSeeTheWritesOfTheUnitsBeforeThemInTheBatch() throws Exception {
    GroupCommit g = start();
    Work<Object> count =
        c -> Sql.of(c, "SELECT COUNT(*) AS n FROM kv").first(r -> r.int64("n")).orElseThrow();

    List<CompletableFuture<Object>> outcomes =
        oneBatch(g, List.of(put("a"), count, put("b"), count));

    assertThat(outcome(outcomes.get(1))).isEqualTo(1L);
    assertThat(outcome(outcomes.get(3))).isEqualTo(2L);
  }

  @Test
  void noCallerIsAcknowledgedWhenTheCommitFails() throws Exception {
    GroupCommit g = start();
    Hold hold = hold(g, c -> null);
    List<CompletableFuture<Object>> outcomes =
        queue(
            g,
            List.of(
                put("a"),
                put("b"),
                c -> {
                  throw new NotFound("no such thread");
                }));
    failCommits.set(true);

    hold.release().countDown();

    assertThat(failure(hold.outcome())).isInstanceOf(Unavailable.class);
    for (CompletableFuture<Object> f : outcomes) {
      assertThat(failure(f))
          .isInstanceOf(Unavailable.class)
          .hasMessageContaining("disk I/O error (simulated)");
    }
    assertThat(keys()).isEmpty();
    assertThat(g.commits()).isZero();

    failCommits.set(false);
    assertThat(g.write(put("c"))).isEqualTo(1);
    assertThat(keys()).containsExactly("c");
  }

  @Test
  void closingUnderARunningBatchFailsItsCallersAndStoresNothing() throws Exception {
    GroupCommit g = start();
    Hold hold = hold(g, put("a"));
    List<CompletableFuture<Object>> queued = queue(g, List.of(put("b")));
    CompletableFuture<Boolean> closed = new CompletableFuture<>();
    Thread.ofVirtual().start(() -> closed.complete(g.close(WAIT)));

    assertThat(failure(queued.getFirst())).isInstanceOf(Unavailable.class); // failed by close
    hold.release().countDown();

    assertThat(failure(hold.outcome()))
        .isInstanceOf(Unavailable.class)
        .hasMessageContaining("closed before the commit");
    assertThat(closed.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(keys()).isEmpty();
    assertThatThrownBy(() -> g.write(put("c")))
        .isInstanceOf(Unavailable.class)
        .hasMessageContaining("closed");
  }

  @Test
  void aTransactionLostUnderAUnitFailsItsUnitsAndTheRestRunInANewOne() throws Exception {
    GroupCommit g = start();

    List<CompletableFuture<Object>> outcomes =
        oneBatch(
            g,
            List.of(
                put("a"),
                c -> {
                  try (Statement s = c.createStatement()) {
                    s.execute("ROLLBACK"); // as SQLite does itself on some I/O errors
                  }
                  return null;
                },
                put("b")));

    assertThat(failure(outcomes.get(0))).isInstanceOf(Unavailable.class);
    assertThat(failure(outcomes.get(1))).isInstanceOf(Unavailable.class);
    assertThat(outcome(outcomes.get(2))).isEqualTo(1);
    assertThat(keys()).containsExactly("b");
  }

  @Test
  void aUnitCannotEndTheSharedTransaction() throws Exception {
    GroupCommit g = start();

    List<CompletableFuture<Object>> outcomes =
        oneBatch(
            g,
            List.of(
                put("a"),
                c -> {
                  put("b").run(c);
                  c.commit();
                  return null;
                },
                c -> {
                  c.rollback();
                  return null;
                },
                put("c")));

    assertThat(failure(outcomes.get(1))).isInstanceOf(IllegalStateException.class);
    assertThat(failure(outcomes.get(2))).isInstanceOf(IllegalStateException.class);
    assertThat(keys()).containsExactly("a", "c");
  }

  @Test
  void aWriteInsideAWriteIsRefused() {
    GroupCommit g = start();

    assertThatThrownBy(() -> g.write(c -> g.write(put("a"))))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aCallerWaitingTooLongToStartGivesUpAndItsWorkNeverRuns() throws Exception {
    GroupCommit g = start(GroupCommit.DEFAULT_MAX_BATCH, Duration.ofMillis(200));
    Hold hold = hold(g, c -> null);

    assertThatThrownBy(() -> g.write(put("late")))
        .isInstanceOf(Unavailable.class)
        .hasMessageContaining("busy");
    hold.release().countDown();

    assertThat(outcome(hold.outcome())).isEqualTo("held");
    assertThat(g.write(put("next"))).isEqualTo(1);
    assertThat(keys()).containsExactly("next");
  }

  @Test
  void anInterruptedCallerStillQueuedGivesUpAndKeepsItsInterrupt() throws Exception {
    GroupCommit g = start();
    Hold hold = hold(g, c -> null);
    CompletableFuture<Boolean> interruptedAfter = new CompletableFuture<>();
    Thread caller =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    g.write(put("a"));
                    interruptedAfter.completeExceptionally(new AssertionError("it wrote"));
                  } catch (Unavailable e) {
                    interruptedAfter.complete(Thread.currentThread().isInterrupted());
                  }
                });
    await().atMost(WAIT).until(() -> g.queued() == 1);

    caller.interrupt();

    assertThat(interruptedAfter.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    hold.release().countDown();
    outcome(hold.outcome());
    assertThat(g.write(put("b"))).isEqualTo(1);
    assertThat(keys()).containsExactly("b");
  }
}
