package dev.parley.core.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.parley.core.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link TaskQueue} adapter must have. Time is a {@link MutableClock} that the
 * tests move, so backoff needs no real waiting; an adapter's subclass builds a queue that looks for
 * due tasks at least every 20 ms.
 */
public abstract class TaskQueueContractTest {
  /** How long a test waits to see that something does not happen: several polls. */
  protected static final Duration QUIET = Duration.ofMillis(150);

  protected final MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
  protected TaskQueue queue;

  /**
   * A new queue holding no tasks, timed by {@code clock}, retrying with {@code policy}, with more
   * than one worker, looking for due tasks at least every 20 ms.
   */
  protected abstract TaskQueue newQueue(Clock clock, RetryPolicy policy);

  /** Called after each test once its queue has stopped: release what the queue used. */
  protected void afterQueueStopped() {}

  @AfterEach
  void stopQueue() {
    if (queue != null) {
      queue.stop(Duration.ofSeconds(5));
    }
    afterQueueStopped();
  }

  /** One call of the handler: which task, which attempt, and the clock's time then. */
  protected record Call(String taskId, int attempt, Instant at) {}

  /** A handler that records its calls and answers with {@code script}. */
  protected final class Recorder implements TaskHandler {
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<Task> tasks = new CopyOnWriteArrayList<>();
    private final TaskHandler script;

    Recorder(TaskHandler script) {
      this.script = script;
    }

    public List<Call> calls() {
      return calls;
    }

    public List<Task> tasks() {
      return tasks;
    }

    @Override
    public TaskResult handle(Task task) throws Exception {
      tasks.add(task);
      calls.add(new Call(task.id(), task.attempt(), clock.instant()));
      return script.handle(task);
    }
  }

  protected Recorder start(RetryPolicy policy, TaskHandler script) {
    Recorder recorder = new Recorder(script);
    queue = newQueue(clock, policy);
    queue.start(recorder);
    return recorder;
  }

  protected static TaskRequest task(String id) {
    return new TaskRequest(id, "test", Map.of("n", id));
  }

  /** Waits up to 5 s for the condition. */
  protected static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      sleep(Duration.ofMillis(5));
    }
  }

  protected static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static final RetryPolicy POLICY =
      new RetryPolicy(4, Duration.ofSeconds(1), Duration.ofMinutes(1));

  @Test
  void succeedingTaskRunsOnceWithItsPayload() {
    Recorder handler = start(POLICY, t -> TaskResult.DONE);

    queue.enqueue(List.of(new TaskRequest("t1", "notify", Map.of("thread", "T", "seq", "4"))));

    await("completed", () -> queue.stats().completed() == 1);
    Task task = handler.tasks().getFirst();
    assertThat(task.id()).isEqualTo("t1");
    assertThat(task.kind()).isEqualTo("notify");
    assertThat(task.payload()).isEqualTo(Map.of("thread", "T", "seq", "4"));
    assertThat(task.attempt()).isEqualTo(1);
    clock.advance(Duration.ofHours(1));
    sleep(QUIET);
    assertThat(handler.calls()).hasSize(1);
    assertThat(queue.stats()).isEqualTo(new QueueStats(0, 0, 1, 0));
  }

  @Test
  void manyTasksRunOnceEach() {
    Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    start(
        POLICY,
        t -> {
          runs.computeIfAbsent(t.id(), id -> new AtomicInteger()).incrementAndGet();
          return TaskResult.DONE;
        });

    IntStream.range(0, 40).forEach(i -> queue.enqueue(List.of(task("t" + i))));

    await("all completed", () -> queue.stats().completed() == 40);
    assertThat(runs).hasSize(40);
    assertThat(runs.values()).allSatisfy(n -> assertThat(n).hasValue(1));
    assertThat(queue.stats().pending()).isZero();
  }

  @Test
  void failingTaskIsRetriedWithGrowingDelaysThenDeadLettered() {
    Recorder handler = start(POLICY, t -> new TaskResult.Retry("boom " + t.attempt(), null));
    Instant start = clock.instant();

    queue.enqueue(List.of(task("t1")));

    for (int attempt = 1; attempt < POLICY.maxAttempts(); attempt++) {
      int retries = attempt;
      await("retry " + attempt + " scheduled", () -> queue.stats().retried() == retries);
      Duration delay = POLICY.delayAfter(attempt, null);
      clock.advance(delay.minusMillis(1));
      sleep(QUIET);
      assertThat(handler.calls()).as("not before its delay").hasSize(attempt);
      clock.advance(Duration.ofMillis(1));
      await("attempt " + (attempt + 1), () -> handler.calls().size() == retries + 1);
    }

    await("dead-lettered", () -> queue.stats().deadLettered() == 1);
    assertThat(handler.calls())
        .extracting(Call::attempt, Call::at)
        .containsExactly(
            tuple(1, start),
            tuple(2, start.plusSeconds(1)),
            tuple(3, start.plusSeconds(3)),
            tuple(4, start.plusSeconds(7)));
    clock.advance(Duration.ofDays(1));
    sleep(QUIET);
    assertThat(handler.calls()).hasSize(4);
    assertThat(queue.stats()).isEqualTo(new QueueStats(0, 1, 0, 3));
  }

  @Test
  void retryNotBeforeIsHonoured() {
    Recorder handler =
        start(
            POLICY,
            t ->
                t.attempt() == 1
                    ? new TaskResult.Retry("rate limited", Duration.ofMinutes(5))
                    : TaskResult.DONE);

    queue.enqueue(List.of(task("t1")));
    await("retry scheduled", () -> queue.stats().retried() == 1);

    clock.advance(Duration.ofMinutes(5).minusMillis(1));
    sleep(QUIET);
    assertThat(handler.calls()).hasSize(1);
    clock.advance(Duration.ofMillis(1));
    await("completed", () -> queue.stats().completed() == 1);
    assertThat(handler.calls()).extracting(Call::attempt).containsExactly(1, 2);
  }

  @Test
  void exceptionCountsAsRetry() {
    Recorder handler =
        start(
            POLICY,
            t -> {
              if (t.attempt() == 1) {
                throw new IllegalStateException("webhook down");
              }
              return TaskResult.DONE;
            });

    queue.enqueue(List.of(task("t1")));
    await("retry scheduled", () -> queue.stats().retried() == 1);
    clock.advance(Duration.ofSeconds(1));

    await("completed", () -> queue.stats().completed() == 1);
    assertThat(handler.calls()).extracting(Call::attempt).containsExactly(1, 2);
  }

  @Test
  void deadResultDeadLettersAtOnce() {
    Recorder handler = start(POLICY, t -> new TaskResult.Dead("token unregistered"));

    queue.enqueue(List.of(task("t1")));

    await("dead-lettered", () -> queue.stats().deadLettered() == 1);
    clock.advance(Duration.ofDays(1));
    sleep(QUIET);
    assertThat(handler.calls()).hasSize(1);
    assertThat(queue.stats()).isEqualTo(new QueueStats(0, 1, 0, 0));
  }

  @Test
  void singleAttemptPolicyDeadLettersTheFirstFailure() {
    Recorder handler =
        start(
            new RetryPolicy(1, Duration.ofSeconds(1), Duration.ofMinutes(1)),
            t -> new TaskResult.Retry("no", null));

    queue.enqueue(List.of(task("t1")));

    await("dead-lettered", () -> queue.stats().deadLettered() == 1);
    assertThat(handler.calls()).hasSize(1);
    assertThat(queue.stats().retried()).isZero();
  }

  @Test
  void stopWaitsForARunningTask() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    AtomicBoolean finished = new AtomicBoolean();
    start(
        POLICY,
        t -> {
          running.countDown();
          sleep(Duration.ofMillis(300));
          finished.set(true);
          return TaskResult.DONE;
        });
    queue.enqueue(List.of(task("t1")));
    assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();

    queue.stop(Duration.ofSeconds(5));

    assertThat(finished).isTrue();
    assertThat(queue.stats().completed()).isEqualTo(1);
  }

  @Test
  void stoppedQueueTakesNoMoreTasks() {
    Recorder handler = start(POLICY, t -> TaskResult.DONE);
    queue.stop(Duration.ofSeconds(1));

    queue.enqueue(List.of(task("t1")));
    sleep(QUIET);

    assertThat(handler.calls()).isEmpty();
    assertThat(queue.stats().pending()).isEqualTo(1);
  }

  @Test
  void stopGivesUpOnAStuckTaskAfterTheGrace() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    start(
        POLICY,
        t -> {
          running.countDown();
          never.await();
          return TaskResult.DONE;
        });
    queue.enqueue(List.of(task("t1")));
    assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();

    long began = System.nanoTime();
    queue.stop(Duration.ofMillis(100));

    assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(2));
  }
}
