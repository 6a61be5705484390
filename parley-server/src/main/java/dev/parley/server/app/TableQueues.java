package dev.parley.server.app;

import dev.parley.core.task.TaskHandler;
import dev.parley.core.task.TaskQueue;
import dev.parley.store.JdbcTaskQueue;
import java.time.Duration;

/**
 * The queue is the store's {@code tasks} table, where messages' outbox tasks are written anyway:
 * durable with no other service. On PostgreSQL the nodes' workers share it safely.
 */
public final class TableQueues implements Queues {
  private final JdbcTaskQueue table;

  public TableQueues(JdbcTaskQueue table) {
    this.table = table;
  }

  @Override
  public TaskQueue queue() {
    return table;
  }

  @Override
  public void start(TaskHandler handler) {
    table.start(handler);
  }

  @Override
  public void stop(Duration grace) {
    table.stop(grace);
  }

  @Override
  public boolean isReady() {
    return true;
  }

  @Override
  public void close() {}
}
