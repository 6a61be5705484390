package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.task.TaskHandler;
import dev.parley.core.task.TaskResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The queue on the PostgreSQL tasks table, which the queues of many nodes share: each "node" here
 * is a queue on a database (pool) of its own, on one schema.
 */
class PostgresTaskQueueTest extends JdbcTaskQueueCases {
  @RegisterExtension static final PostgresExtension pg = new PostgresExtension();

  private final List<PostgresDatabase> opened = new ArrayList<>();
  private final List<JdbcTaskQueue> otherNodes = new ArrayList<>();

  @BeforeEach
  void emptyTables() {
    pg.empty();
  }

  @Override
  protected Database openDatabase() {
    PostgresDatabase node = PostgresDatabase.open(PostgresExtension.URL, pg.schema(), 6);
    opened.add(node);
    return node;
  }

  @Override
  protected void afterQueueStopped() {
    otherNodes.forEach(q -> q.stop(Duration.ofSeconds(5)));
    opened.forEach(PostgresDatabase::close);
  }

  /** Another node's queue on the same table, started with {@code handler}. */
  private JdbcTaskQueue startOtherNode(TaskHandler handler) {
    JdbcTaskQueue other = new JdbcTaskQueue(openDatabase(), clock, POLICY, 4, FAST_POLL);
    otherNodes.add(other);
    other.start(handler);
    return other;
  }

  @Test
  void nodesSharingTheTableRunEachTaskOnce() {
    Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    TaskHandler count =
        t -> {
          runs.computeIfAbsent(t.id(), id -> new AtomicInteger()).incrementAndGet();
          return TaskResult.DONE;
        };
    start(POLICY, count);
    JdbcTaskQueue other = startOtherNode(count);

    IntStream.range(0, 60)
        .forEach(i -> (i % 2 == 0 ? queue : other).enqueue(List.of(task("t" + i))));

    await("all completed", () -> queue.stats().completed() + other.stats().completed() == 60);
    assertThat(runs).hasSize(60);
    assertThat(runs.values()).allSatisfy(n -> assertThat(n).hasValue(1));
    assertThat(queue.stats().pending()).isZero();
  }

  @Test
  void aStartingNodeLeavesTheTasksRunningOnAnotherAlone() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    start(
        POLICY,
        t -> {
          calls.incrementAndGet();
          running.countDown();
          release.await();
          return TaskResult.DONE;
        });
    queue.enqueue(List.of(task("t1")));
    await("running", () -> running.getCount() == 0);

    List<String> ranElsewhere = new CopyOnWriteArrayList<>();
    startOtherNode(
        t -> {
          ranElsewhere.add(t.id());
          return TaskResult.DONE;
        });
    sleep(QUIET);

    assertThat(ranElsewhere).isEmpty();
    assertThat(calls).hasValue(1);
    assertThat(stored(db, "t1")).returns("running", Stored::status).returns(1, Stored::attempts);
    release.countDown();
    await("completed", () -> queue.stats().completed() == 1);
  }

  @Test
  void aClaimOutlivingItsLeaseIsTakenOverAndTheLateOutcomeIgnored() throws Exception {
    CountDownLatch firstRunning = new CountDownLatch(1);
    CountDownLatch releaseFirst = new CountDownLatch(1);
    CountDownLatch secondRunning = new CountDownLatch(1);
    CountDownLatch releaseSecond = new CountDownLatch(1);
    TaskHandler handler =
        t -> {
          if (t.attempt() == 1) {
            firstRunning.countDown();
            releaseFirst.await(); // a node that hangs, or died without a word
          } else {
            secondRunning.countDown();
            releaseSecond.await();
          }
          return TaskResult.DONE;
        };
    start(POLICY, handler);
    startOtherNode(handler);
    queue.enqueue(List.of(task("t1")));
    await("first attempt running", () -> firstRunning.getCount() == 0);

    clock.advance(TaskRows.CLAIM_LEASE.minusMillis(1));
    sleep(QUIET);
    assertThat(secondRunning.getCount()).as("not taken over within the lease").isEqualTo(1);

    clock.advance(Duration.ofMillis(1));
    await("taken over", () -> secondRunning.getCount() == 0);
    assertThat(stored(db, "t1")).returns(2, Stored::attempts).returns("running", Stored::status);

    releaseFirst.countDown(); // the first attempt ends late: its "done" must not delete attempt 2
    sleep(QUIET);
    assertThat(stored(db, "t1")).returns(2, Stored::attempts).returns("running", Stored::status);

    releaseSecond.countDown();
    await("deleted", () -> taskCount() == 0);
  }

  private long taskCount() {
    return db.read(
        c -> Sql.of(c, "SELECT COUNT(*) AS n FROM tasks").first(r -> r.int64("n")).orElseThrow());
  }
}
