package dev.parley.core.task;

import java.time.Duration;
import java.util.List;

/**
 * Durable, at-least-once queue of slow work. Failed tasks are retried with the {@link RetryPolicy}
 * and dead-lettered when it is exhausted. Adapters: a table in the embedded store, RabbitMQ.
 */
public interface TaskQueue {

  void enqueue(List<TaskRequest> tasks);

  /** Starts the workers; each task is handed to {@code handler}. */
  void start(TaskHandler handler);

  /** Stops taking tasks and waits up to {@code grace} for the running ones. */
  void stop(Duration grace);

  QueueStats stats();
}
