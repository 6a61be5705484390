package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.model.ChatThread;
import dev.parley.core.model.Message;
import dev.parley.core.model.User;
import dev.parley.core.store.StoreFixture;
import dev.parley.core.task.RetryPolicy;
import dev.parley.core.task.Task;
import dev.parley.core.task.TaskQueue;
import dev.parley.core.task.TaskQueueContractTest;
import dev.parley.core.task.TaskRequest;
import dev.parley.core.task.TaskResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * The queue contract on a tasks table, plus what the table shows: each failure stored with its
 * backoff, wake-ups, the store's outbox. A subclass gives the database.
 */
abstract class JdbcTaskQueueCases extends TaskQueueContractTest {
  protected static final Duration FAST_POLL = Duration.ofMillis(10);
  protected static final Duration SLOW_POLL = Duration.ofSeconds(30);
  protected static final RetryPolicy POLICY =
      new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofMinutes(1));

  /** The database of the test's queue. */
  protected Database db;

  /**
   * A database for this test, whose tables were empty when the test began; the one of the test's
   * queue is closed after the test.
   */
  protected abstract Database openDatabase();

  @Override
  protected TaskQueue newQueue(Clock clock, RetryPolicy policy) {
    db = openDatabase();
    return new JdbcTaskQueue(db, clock, policy, 4, FAST_POLL);
  }

  @Override
  protected void afterQueueStopped() {
    if (db != null) {
      db.close();
    }
  }

  protected record Stored(String status, int attempts, Instant runAfter, String lastError) {}

  protected static Stored stored(Database in, String id) {
    return in.read(
            c ->
                Sql.of(c, "SELECT * FROM tasks WHERE id = ?", id)
                    .first(
                        r ->
                            new Stored(
                                r.text("status"),
                                r.int32("attempts"),
                                r.instant("run_after"),
                                r.text("last_error"))))
        .orElseThrow();
  }

  @Test
  void eachFailureIsStoredWithItsBackoffAndTheLastErrorStays() {
    start(POLICY, t -> new TaskResult.Retry("boom " + t.attempt(), null));
    Instant t0 = clock.instant();
    queue.enqueue(List.of(task("t1")));

    await("first retry", () -> queue.stats().retried() == 1);
    assertThat(stored(db, "t1")).isEqualTo(new Stored("pending", 1, t0.plusSeconds(1), "boom 1"));

    clock.advance(Duration.ofSeconds(1));
    await("second retry", () -> queue.stats().retried() == 2);
    assertThat(stored(db, "t1")).isEqualTo(new Stored("pending", 2, t0.plusSeconds(3), "boom 2"));

    clock.advance(Duration.ofSeconds(2));
    await("dead", () -> queue.stats().deadLettered() == 1);
    assertThat(stored(db, "t1")).isEqualTo(new Stored("dead", 3, t0.plusSeconds(3), "boom 3"));
  }

  @Test
  void thrownExceptionIsTheStoredError() {
    start(
        new RetryPolicy(1, Duration.ofSeconds(1), Duration.ofMinutes(1)),
        t -> {
          throw new IllegalStateException("webhook said 500");
        });

    queue.enqueue(List.of(task("t1")));

    await("dead", () -> queue.stats().deadLettered() == 1);
    assertThat(stored(db, "t1").lastError()).contains("IllegalStateException: webhook said 500");
  }

  @Test
  void enqueueWakesAnIdleWorkerWithoutWaitingForThePoll() {
    db = openDatabase();
    queue = new JdbcTaskQueue(db, clock, POLICY, 2, SLOW_POLL);
    CountDownLatch ran = new CountDownLatch(1);
    queue.start(
        t -> {
          ran.countDown();
          return TaskResult.DONE;
        });
    sleep(QUIET); // the workers are idle now

    queue.enqueue(List.of(task("t1")));

    await("ran", () -> ran.getCount() == 0);
  }

  @Test
  void outboxTasksOfASendArePickedUpAtOnce() {
    db = openDatabase();
    JdbcStore store = new JdbcStore(db);
    queue = new JdbcTaskQueue(db, clock, POLICY, 2, SLOW_POLL);
    List<Task> handled = new CopyOnWriteArrayList<>();
    queue.start(
        t -> {
          handled.add(t);
          return TaskResult.DONE;
        });
    StoreFixture f = new StoreFixture(store, clock);
    User ann = f.user("ann");
    ChatThread thread = f.direct(ann, f.user("bob"));
    sleep(QUIET);

    Message sent =
        store
            .appendMessage(
                f.draft(thread.id(), ann.id(), "hi", "c-1"),
                m ->
                    List.of(
                        new TaskRequest(
                            "notify-" + m.id(),
                            "notify",
                            Map.of("thread", m.threadId(), "seq", Long.toString(m.seq())))))
            .message();

    await("handled", () -> handled.size() == 1);
    assertThat(handled.getFirst().id()).isEqualTo("notify-" + sent.id());
    assertThat(handled.getFirst().payload()).containsEntry("seq", "1");
  }

  @Test
  void enqueuingAnIdThatIsStillQueuedIsHarmless() {
    db = openDatabase();
    queue = new JdbcTaskQueue(db, clock, POLICY, 2, FAST_POLL);

    queue.enqueue(List.of(task("t1"), task("t1")));
    queue.enqueue(List.of(task("t1")));

    assertThat(queue.stats().pending()).isEqualTo(1);
  }

  @Test
  void aClaimTakesUpToItsLimitOfDueTasksEarliestFirst() {
    db = openDatabase();
    queue = new JdbcTaskQueue(db, clock, POLICY, 1, SLOW_POLL);
    for (int i = 0; i < 5; i++) {
      queue.enqueue(List.of(task("t" + i)));
      clock.advance(Duration.ofMillis(1));
    }
    TaskRows rows = new TaskRows(db.dialect());

    List<ClaimedTask> first = db.write(c -> rows.claim(c, clock.instant(), 3));
    List<ClaimedTask> rest = db.write(c -> rows.claim(c, clock.instant(), 3));

    assertThat(first).extracting(ClaimedTask::id).containsExactly("t0", "t1", "t2");
    assertThat(rest).extracting(ClaimedTask::id).containsExactly("t3", "t4");
    assertThat(stored(db, "t0"))
        .extracting(Stored::status, Stored::attempts)
        .containsExactly("running", 1);
    List<ClaimedTask> none = db.write(c -> rows.claim(c, clock.instant(), 3));
    assertThat(none).isEmpty();
  }

  @Test
  void tasksOfABatchNotStartedWithinHalfTheLeaseAreHandedBackAndClaimedAgain() {
    db = openDatabase();
    queue = new JdbcTaskQueue(db, clock, POLICY, 1, SLOW_POLL);
    queue.enqueue(List.of(task("slow")));
    clock.advance(Duration.ofMillis(1));
    queue.enqueue(List.of(task("next")));
    Instant afterTheSlowOne = clock.instant().plus(TaskRows.CLAIM_LEASE);
    List<String> ran = new CopyOnWriteArrayList<>();
    List<Instant> nextClaimedAt = new CopyOnWriteArrayList<>();
    queue.start(
        t -> {
          ran.add(t.id() + "#" + t.attempt());
          if (t.id().equals("slow")) {
            clock.advance(TaskRows.CLAIM_LEASE); // a call that took the whole lease
          } else {
            nextClaimedAt.add(claimedAt(db, t.id()));
          }
          return TaskResult.DONE;
        });

    await("both done", () -> queue.stats().completed() == 2);
    assertThat(ran).containsExactly("slow#1", "next#1"); // the hand-back did not count an attempt
    assertThat(nextClaimedAt).containsExactly(afterTheSlowOne); // claimed again, not the old claim
  }

  private static Instant claimedAt(Database in, String id) {
    return in.read(
            c ->
                Sql.of(c, "SELECT updated_at FROM tasks WHERE id = ?", id)
                    .first(r -> r.instant("updated_at")))
        .orElseThrow();
  }
}
