package dev.parley.core.task;

import java.util.HashMap;
import java.util.Map;

/** Hands each task to the handler of its kind; an unknown kind is a dead letter, not a retry. */
public final class TaskRouter implements TaskHandler {

  private final Map<String, TaskHandler> handlers = new HashMap<>();

  public TaskRouter route(String kind, TaskHandler handler) {
    handlers.put(kind, handler);
    return this;
  }

  @Override
  public TaskResult handle(Task task) throws Exception {
    TaskHandler handler = handlers.get(task.kind());
    if (handler == null) {
      return new TaskResult.Dead("no handler for task kind " + task.kind());
    }
    return handler.handle(task);
  }
}
