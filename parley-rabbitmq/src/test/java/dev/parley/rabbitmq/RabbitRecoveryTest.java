package dev.parley.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.error.Unavailable;
import dev.parley.core.task.RetryPolicy;
import dev.parley.core.task.TaskRequest;
import dev.parley.core.task.TaskResult;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconnection without stopping the shared broker: the broker force-closes this queue's own
 * connections ({@code rabbitmqctl close_connection}) and the publisher and consumer must come back
 * by themselves, losing no task.
 */
class RabbitRecoveryTest {
  private static final Logger log = LoggerFactory.getLogger(RabbitRecoveryTest.class);
  private static final RetryPolicy POLICY =
      new RetryPolicy(4, Duration.ofSeconds(1), Duration.ofMinutes(1));

  @RegisterExtension static final RabbitExtension rabbit = new RabbitExtension();

  private RabbitTaskQueue queue;

  private RabbitTaskQueue open(RabbitSettings settings) {
    rabbit.own(new Topology(settings.namespace(), settings.delays()));
    queue = RabbitTaskQueue.connect(settings, Clock.systemUTC(), POLICY);
    return queue;
  }

  private RabbitSettings settings() {
    return RabbitSettings.of(rabbit.url(), rabbit.namespace())
        .withDelays(DelayLadder.single(Duration.ofMillis(100)))
        .withRecoveryInterval(Duration.ofSeconds(1))
        .withConfirmTimeout(Duration.ofSeconds(10));
  }

  @AfterEach
  void close() {
    if (queue != null) {
      queue.close();
    }
  }

  private static TaskRequest task(String id) {
    return new TaskRequest(id, "test", Map.of("n", id));
  }

  private static void await(String what, Duration within, BooleanSupplier condition) {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + within + " waiting for: " + what);
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }

  private static long millisSince(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
  }

  @Test
  void publisherAndConsumerResumeAfterTheirConnectionsAreForceClosed() throws Exception {
    RabbitTaskQueue q = open(settings());
    List<String> handled = new CopyOnWriteArrayList<>();
    q.start(
        t -> {
          handled.add(t.id());
          return TaskResult.DONE;
        });
    q.enqueue(List.of(task("before")));
    await("before handled", Duration.ofSeconds(5), () -> handled.contains("before"));
    assertThat(q.isConnected()).isTrue();

    AtomicLong lost = new AtomicLong();
    q.publisherConnection().addShutdownListener(c -> lost.compareAndSet(0, System.nanoTime()));
    q.consumerConnection().addShutdownListener(c -> lost.compareAndSet(0, System.nanoTime()));

    rabbit.forceClose(q.publisherConnection(), q.consumerConnection());
    await("disconnected", Duration.ofSeconds(5), () -> lost.get() != 0);

    q.enqueue(List.of(task("during"))); // waits for the reconnection, then is confirmed
    long enqueued = millisSince(lost.get());
    await("reconnected", Duration.ofSeconds(10), q::isConnected);
    long reconnected = millisSince(lost.get());
    await("during handled", Duration.ofSeconds(10), () -> handled.contains("during"));
    long handledAfter = millisSince(lost.get());
    q.enqueue(List.of(task("after")));
    await("after handled", Duration.ofSeconds(5), () -> handled.contains("after"));

    log.info(
        "from the first connection loss: the enqueue made during the outage was confirmed after"
            + " {} ms, both connections were up after {} ms, that task was handled after {} ms",
        enqueued,
        reconnected,
        handledAfter);
    assertThat(handled).containsExactly("before", "during", "after");
    assertThat(q.stats().pending()).isZero();
  }

  @Test
  void aTaskRunningWhenItsConsumerConnectionIsForceClosedRunsAgain() throws Exception {
    RabbitTaskQueue q = open(settings());
    List<Integer> attempts = new CopyOnWriteArrayList<>();
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    q.start(
        t -> {
          attempts.add(t.attempt());
          if (attempts.size() == 1) {
            running.countDown();
            release.await(); // the connection dies while this task runs
          }
          return TaskResult.DONE;
        });
    q.enqueue(List.of(task("t1")));
    assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();

    rabbit.forceClose(q.consumerConnection());
    release.countDown(); // its ack has no channel to go to: the broker still holds the task

    await("ran again and acked", Duration.ofSeconds(10), () -> q.stats().completed() == 1);
    assertThat(attempts).containsExactly(1, 1);
    assertThat(q.stats().pending()).isZero();
  }

  @Test
  void enqueueDuringAnOutageLongerThanItsTimeoutThrowsUnavailable() throws Exception {
    RabbitTaskQueue q =
        open(
            settings()
                .withRecoveryInterval(Duration.ofSeconds(20))
                .withConfirmTimeout(Duration.ofMillis(300)));

    rabbit.forceClose(q.publisherConnection());
    await("disconnected", Duration.ofSeconds(5), () -> !q.isConnected());

    long began = System.nanoTime();
    assertThatThrownBy(() -> q.enqueue(List.of(task("t1"))))
        .isInstanceOf(Unavailable.class)
        .hasMessageContaining("did not confirm 1 message(s) within PT0.3S");
    assertThat(millisSince(began)).isBetween(300L, 5_000L);
  }
}
