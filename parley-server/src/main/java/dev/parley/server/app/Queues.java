package dev.parley.server.app;

import dev.parley.core.task.TaskHandler;
import dev.parley.core.task.TaskQueue;
import java.time.Duration;

/** The task queue of a node and what feeds it: a table in the store, or RabbitMQ. */
public interface Queues extends AutoCloseable {
  /** Where services enqueue and workers take tasks. */
  TaskQueue queue();

  void start(TaskHandler handler);

  /** Stops taking tasks; running ones get up to {@code grace}. */
  void stop(Duration grace);

  boolean isReady();

  @Override
  void close();
}
