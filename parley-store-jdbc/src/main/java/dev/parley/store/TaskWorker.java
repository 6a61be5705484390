package dev.parley.store;

import dev.parley.core.error.Unavailable;
import dev.parley.core.task.RetryPolicy;
import dev.parley.core.task.Task;
import dev.parley.core.task.TaskHandler;
import dev.parley.core.task.TaskResult;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker of {@link JdbcTaskQueue}: claims a due task, runs it, records the outcome; sleeps on
 * the {@link TaskSignal} (or the poll interval, for retries coming due) when nothing is due.
 */
final class TaskWorker implements Runnable {
  /**
   * Tasks claimed at once: claiming and deleting them one by one took two shared commits per task,
   * and the queue fell behind the sends it serves (300 tasks/s against 5,000 messages/s, measured).
   */
  static final int BATCH = 64;

  private static final Logger log = LoggerFactory.getLogger(JdbcTaskQueue.class);

  /** Shared by a queue's workers. */
  record Setup(
      Database db,
      TaskRows rows,
      Clock clock,
      RetryPolicy policy,
      TaskHandler handler,
      Duration pollInterval,
      BooleanSupplier accepting,
      AtomicLong completed,
      AtomicLong retried) {}

  private final Setup s;

  TaskWorker(Setup setup) {
    this.s = setup;
  }

  @Override
  public void run() {
    while (s.accepting().getAsBoolean()) {
      long seen = s.db().taskSignal().generation();
      List<ClaimedTask> tasks = claim();
      if (!tasks.isEmpty()) {
        process(tasks);
      } else if (!s.db().taskSignal().awaitAfter(seen, s.pollInterval())) {
        return;
      }
    }
  }

  private List<ClaimedTask> claim() {
    try {
      return s.db().write(c -> s.rows().claim(c, s.clock().instant(), BATCH));
    } catch (Unavailable e) {
      if (s.accepting().getAsBoolean()) {
        log.warn("cannot claim tasks; trying again in {}", s.pollInterval(), e);
      }
      return List.of();
    }
  }

  /**
   * Runs the tasks one by one; those that are done are deleted together at the end. Tasks not
   * started within half the claim lease are handed back, so that no other process takes them over
   * while they wait here.
   */
  private void process(List<ClaimedTask> tasks) {
    Instant handBackAt = s.clock().instant().plus(TaskRows.CLAIM_LEASE.dividedBy(2));
    List<ClaimedTask> done = new ArrayList<>(tasks.size());
    for (int i = 0; i < tasks.size(); i++) {
      if (s.clock().instant().isAfter(handBackAt)) {
        handBack(tasks.subList(i, tasks.size()));
        break;
      }
      if (attempt(tasks.get(i))) {
        done.add(tasks.get(i));
      }
    }
    if (!done.isEmpty()) {
      delete(done);
    }
  }

  private void handBack(List<ClaimedTask> tasks) {
    try {
      writeEach(tasks, (c, task) -> s.rows().unclaim(c, task, s.clock().instant()));
    } catch (Unavailable e) {
      log.warn("cannot hand back {} claimed task(s); they run after the lease", tasks.size(), e);
    }
  }

  private void delete(List<ClaimedTask> done) {
    try {
      writeEach(done, s.rows()::delete);
      s.completed().addAndGet(done.size());
    } catch (Unavailable e) {
      log.warn(
          "cannot record that {} task(s) are done; they run again after a restart", done.size(), e);
    }
  }

  /** One write transaction for a change to each of {@code tasks}. */
  private void writeEach(List<ClaimedTask> tasks, TaskChange change) {
    s.db()
        .write(
            c -> {
              for (ClaimedTask task : tasks) {
                change.apply(c, task);
              }
              return null;
            });
  }

  /** A change to one claimed task's row. */
  @FunctionalInterface
  private interface TaskChange {
    int apply(Connection c, ClaimedTask task) throws SQLException;
  }

  /** Runs one task; true when it is done, else its retry or dead-lettering is recorded. */
  private boolean attempt(ClaimedTask claimed) {
    TaskResult result;
    Exception thrown = null;
    try {
      Task task =
          new Task(
              claimed.id(),
              claimed.kind(),
              s.rows().payload(claimed),
              claimed.attempt(),
              claimed.createdAt());
      result = s.handler().handle(task);
      if (result == null) {
        result = new TaskResult.Retry("the handler returned no result", null);
      }
    } catch (Exception e) {
      thrown = e;
      result = new TaskResult.Retry(String.valueOf(e), null);
    }
    if (result instanceof TaskResult.Done) {
      return true;
    }
    try {
      record(claimed, result, thrown);
    } catch (Unavailable e) {
      log.warn(
          "cannot record the outcome of task {} ({}); it runs again after a restart",
          claimed.id(),
          claimed.kind(),
          e);
    }
    return false;
  }

  private void record(ClaimedTask task, TaskResult result, Exception thrown) {
    switch (result) {
      case TaskResult.Done done ->
          throw new IllegalArgumentException("a done task is deleted with its batch");
      case TaskResult.Dead dead -> bury(task, dead.reason(), thrown);
      case TaskResult.Retry retry when s.policy().exhausted(task.attempt()) ->
          bury(task, retry.reason(), thrown);
      case TaskResult.Retry retry -> retry(task, retry, thrown);
    }
  }

  private void retry(ClaimedTask task, TaskResult.Retry retry, Exception thrown) {
    Instant now = s.clock().instant();
    Instant runAfter = now.plus(s.policy().delayAfter(task.attempt(), retry.notBefore()));
    s.db().write(c -> s.rows().retryAt(c, task, runAfter, retry.reason(), now));
    s.retried().incrementAndGet();
    log.debug(
        "task {} ({}) failed attempt {}: {}; retry at {}",
        task.id(),
        task.kind(),
        task.attempt(),
        retry.reason(),
        runAfter,
        thrown);
  }

  private void bury(ClaimedTask task, String reason, Exception thrown) {
    Instant now = s.clock().instant();
    s.db().write(c -> s.rows().bury(c, task, reason, now));
    log.warn(
        "task {} ({}) dead-lettered after attempt {}: {}",
        task.id(),
        task.kind(),
        task.attempt(),
        reason,
        thrown);
  }
}
