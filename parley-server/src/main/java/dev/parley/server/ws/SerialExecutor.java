package dev.parley.server.ws;

import dev.parley.core.error.RateLimited;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one connection's work in arrival order on the shared virtual-thread executor, so that two
 * sends of one client are stored in the order it sent them. At most {@code maxPending} wait.
 */
final class SerialExecutor implements Executor {
  private final Executor delegate;
  private final int maxPending;
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicBoolean running = new AtomicBoolean();

  SerialExecutor(Executor delegate, int maxPending) {
    this.delegate = delegate;
    this.maxPending = maxPending;
  }

  @Override
  public void execute(Runnable task) {
    if (pending.incrementAndGet() > maxPending) {
      pending.decrementAndGet();
      throw new RateLimited(
          "too many requests in flight on this connection", Duration.ofSeconds(1));
    }
    tasks.add(task);
    schedule();
  }

  /** Queues work that must run whatever the backlog (opening and closing the connection). */
  void always(Runnable task) {
    pending.incrementAndGet();
    tasks.add(task);
    schedule();
  }

  private void schedule() {
    if (!running.compareAndSet(false, true)) {
      return;
    }
    try {
      delegate.execute(this::drain);
    } catch (RejectedExecutionException e) {
      // The node is shutting down: what is left is the bookkeeping of a closing socket.
      running.set(false);
      tasks.clear();
      pending.set(0);
    }
  }

  private void drain() {
    try {
      Runnable task;
      while ((task = tasks.poll()) != null) {
        pending.decrementAndGet();
        task.run();
      }
    } finally {
      running.set(false);
      if (!tasks.isEmpty()) {
        schedule();
      }
    }
  }
}
