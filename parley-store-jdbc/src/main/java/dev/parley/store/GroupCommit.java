package dev.parley.store;

import com.zaxxer.hikari.HikariDataSource;
import dev.parley.core.error.Unavailable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit on a database with one writer connection (SQLite): write transactions from many
 * callers share one commit, hence one fsync. Callers queue their work; one writer thread takes
 * every queued unit (up to {@code maxBatch}), runs each inside its own savepoint of one
 * transaction, commits once, and only then gives each caller its outcome, so an acknowledged write
 * is durable. A unit that throws is rolled back to its savepoint alone and its caller alone gets
 * the exception; the others commit. If the transaction itself is lost (the commit fails, or SQLite
 * rolled it back under a unit), every caller of it gets {@link Unavailable} and nothing of it is
 * stored.
 *
 * <p>Nothing waits for a batch to fill: a lone write starts at once, and under load the units that
 * queue while one commit is being synced form the next batch. Units see the uncommitted writes of
 * the units before them in their batch, as they would see them committed one by one.
 *
 * <p>The writer is a platform thread: SQLite's calls are native and would pin a virtual thread's
 * carrier for the length of each fsync, while callers (virtual threads) wait without a carrier.
 */
final class GroupCommit {
  static final int DEFAULT_MAX_BATCH = 256;

  private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

  /** What a unit may not do to the transaction it shares with the other units of its batch. */
  private static final Set<String> TRANSACTION_METHODS =
      Set.of("commit", "rollback", "setAutoCommit", "close", "abort");

  private static final Unit<Void> STOP = new Unit<>(c -> null);

  private final HikariDataSource writer;
  private final int maxBatch;
  private final Duration queueTimeout;
  private final LinkedBlockingQueue<Unit<?>> queue = new LinkedBlockingQueue<>();
  private final AtomicLong commits = new AtomicLong();
  private final AtomicLong committedUnits = new AtomicLong();
  private final Thread thread;
  private volatile boolean closed;

  /**
   * @param writer the pool of the one writer connection (not in auto-commit mode)
   * @param maxBatch the most units in one transaction
   * @param queueTimeout how long a caller waits for its unit to start before giving up with {@link
   *     Unavailable}; a unit that started is waited for until it ends
   */
  private GroupCommit(
      HikariDataSource writer, int maxBatch, Duration queueTimeout, String threadName) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be at least 1, was " + maxBatch);
    }
    this.writer = writer;
    this.maxBatch = maxBatch;
    this.queueTimeout = queueTimeout;
    this.thread = Thread.ofPlatform().name(threadName).daemon().unstarted(this::loop);
  }

  /** Starts the writer thread, named {@code threadName}. */
  static GroupCommit start(
      HikariDataSource writer, int maxBatch, Duration queueTimeout, String threadName) {
    GroupCommit groupCommit = new GroupCommit(writer, maxBatch, queueTimeout, threadName);
    groupCommit.thread.start();
    return groupCommit;
  }

  /**
   * Runs {@code work} in the next transaction of the writer thread and returns once that
   * transaction committed. The work runs on the writer thread, and must not call {@link #write}.
   */
  <T> T write(Work<T> work) {
    if (Thread.currentThread() == thread) {
      throw new IllegalStateException("a write inside a write would wait for itself");
    }
    if (closed) {
      throw closedError();
    }
    Unit<T> unit = new Unit<>(work);
    queue.add(unit);
    if (closed && unit.cancel()) { // close() may have emptied the queue before this unit was in it
      throw closedError();
    }
    return unit.await(queueTimeout);
  }

  /** Transactions committed so far. */
  long commits() {
    return commits.get();
  }

  /** Units of the transactions committed so far, those that threw (rolled back alone) included. */
  long committedUnits() {
    return committedUnits.get();
  }

  /** Units waiting for the writer thread. */
  int queued() {
    return queue.size();
  }

  /**
   * Refuses new writes and fails the queued ones, then waits up to {@code grace} for the batch
   * being run: it is rolled back, not committed, and its callers get {@link Unavailable}. Returns
   * false when the batch still runs after {@code grace}, or when a unit of it is the one closing.
   */
  boolean close(Duration grace) {
    closed = true;
    for (Unit<?> unit; (unit = queue.poll()) != null; ) {
      if (unit != STOP && unit.cancel()) {
        unit.fail(closedError());
      }
    }
    queue.add(STOP);
    if (Thread.currentThread() == thread) {
      return false;
    }
    try {
      return thread.join(grace);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !thread.isAlive();
    }
  }

  private static Unavailable closedError() {
    return new Unavailable("the database is closed", null);
  }

  private void loop() {
    List<Unit<?>> batch = new ArrayList<>(maxBatch);
    boolean stop = false;
    while (!stop) {
      try {
        batch.add(queue.take());
      } catch (InterruptedException e) {
        continue; // only close() stops the writer, with STOP
      }
      queue.drainTo(batch, maxBatch - 1);
      stop = batch.remove(STOP);
      batch.removeIf(unit -> !unit.take()); // cancelled by their callers
      try {
        run(batch);
      } catch (RuntimeException | Error e) { // a bug here: no caller must wait for ever
        log.error("the SQLite writer failed a batch of {} write(s)", batch.size(), e);
        Unavailable failure = new Unavailable("database write failed: " + e, e);
        batch.forEach(unit -> unit.fail(failure));
      }
      batch.clear();
    }
  }

  private void run(List<Unit<?>> batch) {
    int next = 0;
    while (next < batch.size()) {
      next = transaction(batch, next);
    }
  }

  /**
   * Runs the units of {@code batch} from {@code from} in one transaction and completes their
   * callers; returns the index of the first unit it did not run (when the transaction was lost
   * under a unit, the rest go into a new one).
   */
  private int transaction(List<Unit<?>> batch, int from) {
    Connection c;
    try {
      c = writer.getConnection();
    } catch (SQLException | RuntimeException e) {
      Unavailable failure = new Unavailable("database write failed: " + e.getMessage(), e);
      batch.subList(from, batch.size()).forEach(unit -> unit.fail(failure));
      return batch.size();
    }
    Connection shared = shared(c);
    List<Unit<?>> ran = new ArrayList<>();
    int next = from;
    boolean wrote = false;
    boolean ended = false;
    Unavailable lost = null;
    try {
      while (next < batch.size()) {
        Unit<?> unit = batch.get(next++);
        ran.add(unit);
        Savepoint savepoint = c.setSavepoint();
        if (unit.run(shared)) {
          wrote = true;
        } else {
          c.rollback(savepoint);
        }
        c.releaseSavepoint(savepoint); // fails when SQLite rolled the transaction back
      }
      if (closed) {
        lost = new Unavailable("the database was closed before the commit", null);
        c.rollback();
      } else if (wrote) {
        c.commit();
        ended = true;
      } else {
        c.rollback(); // every unit threw: nothing to sync
        ended = true;
      }
    } catch (SQLException | RuntimeException e) {
      if (lost == null) {
        lost = new Unavailable("database write failed: " + e.getMessage(), e);
      }
      rollbackQuietly(c);
      writer.evictConnection(c); // its transaction state is unknown: the next batch gets a new one
    } finally {
      closeQuietly(c);
    }
    if (ended) {
      if (wrote) {
        commits.incrementAndGet();
        committedUnits.addAndGet(ran.size());
      }
      ran.forEach(Unit::complete);
    } else {
      log.warn("a transaction of {} write(s) was not committed: {}", ran.size(), lost.getMessage());
      Unavailable failure = lost;
      ran.forEach(unit -> unit.fail(failure));
    }
    return next;
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException | RuntimeException e) {
      log.debug("rollback after a failed transaction failed too", e);
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException | RuntimeException e) {
      log.warn("cannot return the SQLite writer connection", e);
    }
  }

  /**
   * The connection as the units see it: ending the transaction or the connection is the writer's
   * alone, since the transaction holds the other units' writes too.
   */
  private static Connection shared(Connection c) {
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              if (TRANSACTION_METHODS.contains(method.getName())
                  && !(method.getName().equals("rollback") && args != null)) {
                throw new IllegalStateException(
                    method.getName()
                        + " is the group commit's: a write unit shares its transaction");
              }
              try {
                return method.invoke(c, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  /** One caller's work and its outcome. */
  private static final class Unit<T> {
    private static final int QUEUED = 0;
    private static final int TAKEN = 1;
    private static final int CANCELLED = 2;

    private final Work<T> work;
    private final AtomicInteger state = new AtomicInteger(QUEUED);
    private final CountDownLatch done = new CountDownLatch(1);
    private T result;
    private Throwable thrown;
    private Unavailable failure;

    Unit(Work<T> work) {
      this.work = work;
    }

    /** The writer takes it; false when its caller gave up first. */
    boolean take() {
      return state.compareAndSet(QUEUED, TAKEN);
    }

    /** The caller gives up; false when the writer took it first. */
    boolean cancel() {
      return state.compareAndSet(QUEUED, CANCELLED);
    }

    /** Runs the work; false (and the work's exception kept for its caller) when it threw. */
    boolean run(Connection c) {
      try {
        result = work.run(c);
        return true;
      } catch (Throwable e) { // an Error too: the unit's caller gets it, the others commit
        thrown = e;
        return false;
      }
    }

    /** The transaction committed: the caller gets what its work returned or threw. */
    void complete() {
      done.countDown();
    }

    /** Nothing of the unit is stored: the caller gets {@code why}. */
    void fail(Unavailable why) {
      if (done.getCount() > 0) {
        failure = why;
        done.countDown();
      }
    }

    T await(Duration queueTimeout) {
      boolean interrupted = false;
      try {
        if (!done.await(queueTimeout.toNanos(), TimeUnit.NANOSECONDS) && cancel()) {
          throw new Unavailable("the database is busy: no write slot within " + queueTimeout, null);
        }
      } catch (InterruptedException e) {
        if (cancel()) {
          Thread.currentThread().interrupt();
          throw new Unavailable("interrupted while waiting to write", e);
        }
        interrupted = true; // it runs: wait for its outcome, which the caller must learn
      }
      while (true) {
        try {
          done.await();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      return outcome();
    }

    private T outcome() {
      if (failure != null) {
        throw failure;
      }
      return switch (thrown) {
        case null -> result;
        case RuntimeException e -> throw e;
        case Error e -> throw e;
        case SQLException e -> throw new Unavailable("database write failed: " + e.getMessage(), e);
        default -> throw new Unavailable("database write failed: " + thrown, thrown);
      };
    }
  }
}
