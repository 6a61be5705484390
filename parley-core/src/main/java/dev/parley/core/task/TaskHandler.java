package dev.parley.core.task;

/**
 * Runs one task. Runs at least once per task, so it must be idempotent. An exception counts as
 * {@link TaskResult.Retry}.
 */
@FunctionalInterface
public interface TaskHandler {
  TaskResult handle(Task task) throws Exception;
}
