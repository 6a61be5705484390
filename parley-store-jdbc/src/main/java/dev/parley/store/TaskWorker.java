package dev.parley.store;

import dev.parley.core.error.Unavailable;
import dev.parley.core.task.RetryPolicy;
import dev.parley.core.task.Task;
import dev.parley.core.task.TaskHandler;
import dev.parley.core.task.TaskResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker of {@link JdbcTaskQueue}: claims a due task, runs it, records the outcome; sleeps on
 * the {@link TaskSignal} (or the poll interval, for retries coming due) when nothing is due.
 */
final class TaskWorker implements Runnable {
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
      Optional<ClaimedTask> task = claim();
      if (task.isPresent()) {
        process(task.get());
      } else if (!s.db().taskSignal().awaitAfter(seen, s.pollInterval())) {
        return;
      }
    }
  }

  private Optional<ClaimedTask> claim() {
    try {
      return s.db().write(c -> s.rows().claim(c, s.clock().instant()));
    } catch (Unavailable e) {
      if (s.accepting().getAsBoolean()) {
        log.warn("cannot claim tasks; trying again in {}", s.pollInterval(), e);
      }
      return Optional.empty();
    }
  }

  private void process(ClaimedTask claimed) {
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
    try {
      record(claimed, result, thrown);
    } catch (Unavailable e) {
      log.warn(
          "cannot record the outcome of task {} ({}); it runs again after a restart",
          claimed.id(),
          claimed.kind(),
          e);
    }
  }

  private void record(ClaimedTask task, TaskResult result, Exception thrown) {
    switch (result) {
      case TaskResult.Done done -> {
        s.db().write(c -> s.rows().delete(c, task));
        s.completed().incrementAndGet();
      }
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
