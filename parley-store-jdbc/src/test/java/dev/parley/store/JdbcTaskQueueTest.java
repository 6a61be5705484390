package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.parley.core.task.Task;
import dev.parley.core.task.TaskResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The queue on the SQLite tasks table, plus its crash recovery: one process owns the table. */
class JdbcTaskQueueTest extends JdbcTaskQueueCases {
  @TempDir Path dataDir;

  @Override
  protected Database openDatabase() {
    return SqliteDatabase.open(dataDir);
  }

  @Test
  void taskRunningWhenTheProcessDiedRunsAgainAfterRestart() throws Exception {
    SqliteDatabase first = SqliteDatabase.open(dataDir);
    JdbcTaskQueue crashed = new JdbcTaskQueue(first, clock, POLICY, 2, FAST_POLL);
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    crashed.start(
        t -> {
          running.countDown();
          release.await();
          return TaskResult.DONE;
        });
    crashed.enqueue(List.of(task("t1")));
    assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();

    first.close(); // the process dies mid-task: its outcome is never recorded
    release.countDown();
    crashed.stop(Duration.ofSeconds(5));

    Recorder restarted = start(POLICY, t -> TaskResult.DONE);

    await("ran again", () -> queue.stats().completed() == 1);
    assertThat(restarted.tasks())
        .extracting(Task::id, Task::attempt)
        .containsExactly(tuple("t1", 2));
  }
}
