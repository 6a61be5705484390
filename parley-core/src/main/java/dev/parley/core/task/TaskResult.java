package dev.parley.core.task;

import java.time.Duration;

/** What a worker made of a task: done, try again later, or give up (dead letter). */
public sealed interface TaskResult {

  TaskResult DONE = new Done();

  record Done() implements TaskResult {}

  /** Retry with the queue's backoff, but not before {@code notBefore} when it is given. */
  record Retry(String reason, Duration notBefore) implements TaskResult {}

  /** A permanent failure: the task goes to the dead letters with the reason. */
  record Dead(String reason) implements TaskResult {}
}
