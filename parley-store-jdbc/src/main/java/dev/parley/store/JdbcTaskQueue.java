package dev.parley.store;

import dev.parley.core.task.QueueStats;
import dev.parley.core.task.RetryPolicy;
import dev.parley.core.task.TaskHandler;
import dev.parley.core.task.TaskQueue;
import dev.parley.core.task.TaskRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable task queue: the {@code tasks} table of the store's own database, so that a send and
 * the tasks of its outbox commit together. Workers are virtual threads. At least once: on SQLite
 * one process owns the table and, on start, runs again the tasks a previous one left running; on
 * PostgreSQL the queues of many nodes share it, and a claim lost with its node is taken over after
 * a lease. A new task wakes this process's workers at once; other nodes' find it at their next
 * poll.
 */
public final class JdbcTaskQueue implements TaskQueue {
  public static final int DEFAULT_WORKERS = 4;
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(500);

  private static final Logger log = LoggerFactory.getLogger(JdbcTaskQueue.class);

  private final Database db;
  private final Clock clock;
  private final RetryPolicy policy;
  private final int workerCount;
  private final Duration pollInterval;
  private final TaskRows rows;
  private final AtomicLong completed = new AtomicLong();
  private final AtomicLong retried = new AtomicLong();
  private final List<Thread> workers = new ArrayList<>();
  private volatile boolean accepting;
  private boolean started;

  public JdbcTaskQueue(Database db, Clock clock, RetryPolicy policy) {
    this(db, clock, policy, DEFAULT_WORKERS, DEFAULT_POLL_INTERVAL);
  }

  /**
   * @param pollInterval the longest an idle worker sleeps before looking for tasks whose retry came
   *     due; new tasks wake it at once
   */
  public JdbcTaskQueue(
      Database db, Clock clock, RetryPolicy policy, int workerCount, Duration pollInterval) {
    if (workerCount < 1) {
      throw new IllegalArgumentException("workerCount must be at least 1, was " + workerCount);
    }
    if (pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("pollInterval must be positive, was " + pollInterval);
    }
    this.db = db;
    this.rows = new TaskRows(db.dialect());
    this.clock = clock;
    this.policy = policy;
    this.workerCount = workerCount;
    this.pollInterval = pollInterval;
  }

  @Override
  public void enqueue(List<TaskRequest> tasks) {
    if (tasks.isEmpty()) {
      return;
    }
    Instant now = clock.instant();
    db.write(
        c -> {
          rows.insert(c, tasks, now);
          return null;
        });
    db.taskSignal().signal();
  }

  @Override
  public synchronized void start(TaskHandler handler) {
    if (started) {
      throw new IllegalStateException("the task queue was already started");
    }
    started = true;
    if (!db.dialect().shared()) {
      int requeued = db.write(c -> rows.requeueRunning(c, clock.instant()));
      if (requeued > 0) {
        log.info("{} task(s) left running by the previous run are queued again", requeued);
      }
    }
    accepting = true;
    TaskWorker.Setup setup =
        new TaskWorker.Setup(
            db, rows, clock, policy, handler, pollInterval, () -> accepting, completed, retried);
    Thread.Builder builder =
        Thread.ofVirtual()
            .name("parley-task-", 1)
            .uncaughtExceptionHandler((t, e) -> log.error("task worker {} died", t.getName(), e));
    for (int i = 0; i < workerCount; i++) {
      workers.add(builder.start(new TaskWorker(setup)));
    }
  }

  @Override
  public synchronized void stop(Duration grace) {
    accepting = false;
    db.taskSignal().signal();
    long deadline = System.nanoTime() + Math.max(0, grace.toNanos());
    int unfinished = 0;
    for (Thread worker : workers) {
      if (!join(worker, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
        worker.interrupt();
        unfinished++;
      }
    }
    workers.clear();
    if (unfinished > 0) {
      log.warn(
          "{} task(s) still running after {}: interrupted; an unrecorded one runs after a restart",
          unfinished,
          grace);
    }
  }

  private static boolean join(Thread worker, Duration timeout) {
    try {
      return worker.join(timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !worker.isAlive();
    }
  }

  /** Pending and dead are counted in the table; completed and retried since this queue started. */
  @Override
  public QueueStats stats() {
    return db.read(
        c ->
            new QueueStats(
                rows.count(c, "pending"), rows.count(c, "dead"), completed.get(), retried.get()));
  }
}
