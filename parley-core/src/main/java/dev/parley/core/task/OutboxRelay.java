package dev.parley.core.task;

import java.util.List;

/**
 * Forwards the tasks that the store wrote in a message's transaction (its outbox) to the task
 * queue. Run as the handler of the outbox table's own workers: a task leaves the table only after
 * the queue confirmed it, so none is lost between the commit and the publish; a crash between the
 * two publishes it again, which at-least-once handlers absorb.
 */
public final class OutboxRelay implements TaskHandler {
  private final TaskQueue target;

  public OutboxRelay(TaskQueue target) {
    this.target = target;
  }

  @Override
  public TaskResult handle(Task task) {
    target.enqueue(List.of(new TaskRequest(task.id(), task.kind(), task.payload())));
    return TaskResult.DONE;
  }
}
