package dev.parley.store;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Tells idle task workers that tasks were stored, so that a task written by a send runs at once
 * rather than at the next poll. A generation counter makes a signal that arrives between a worker's
 * empty claim and its wait count as well.
 */
public final class TaskSignal {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private long generation;

  /** Wakes every waiting worker. */
  public void signal() {
    lock.lock();
    try {
      generation++;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  long generation() {
    lock.lock();
    try {
      return generation;
    } finally {
      lock.unlock();
    }
  }

  /** Waits until a signal newer than {@code seen} or the timeout; false when interrupted. */
  boolean awaitAfter(long seen, Duration timeout) {
    long left = timeout.toNanos();
    lock.lock();
    try {
      while (generation == seen && left > 0) {
        left = changed.awaitNanos(left);
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      lock.unlock();
    }
  }
}
