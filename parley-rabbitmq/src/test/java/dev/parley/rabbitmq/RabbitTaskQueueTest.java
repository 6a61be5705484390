package dev.parley.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.GetResponse;
import dev.parley.core.error.Unavailable;
import dev.parley.core.task.QueueStats;
import dev.parley.core.task.RetryPolicy;
import dev.parley.core.task.Task;
import dev.parley.core.task.TaskQueue;
import dev.parley.core.task.TaskQueueContractTest;
import dev.parley.core.task.TaskRequest;
import dev.parley.core.task.TaskResult;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The queue contract on a real RabbitMQ, unchanged: a retried task carries its due instant by the
 * queue's Clock and, with one 20 ms retry bucket, is looked at every 20 ms, so the contract's
 * MutableClock decides when it runs. The tests below add what only a broker shows: durability, real
 * TTL delays, the dead queue's headers, prefetch, crashes and namespaces.
 */
class RabbitTaskQueueTest extends TaskQueueContractTest {
  @RegisterExtension static final RabbitExtension rabbit = new RabbitExtension();

  private static final RetryPolicy POLICY =
      new RetryPolicy(4, Duration.ofSeconds(1), Duration.ofMinutes(1));
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<RabbitTaskQueue> opened = new CopyOnWriteArrayList<>();

  /** A fresh namespace with the contract's 20 ms look-ups and four workers. */
  private RabbitSettings settings() {
    return RabbitSettings.of(rabbit.url(), rabbit.namespace())
        .withDelays(DelayLadder.single(Duration.ofMillis(20)))
        .withWorkers(4);
  }

  private RabbitTaskQueue open(RabbitSettings settings, Clock clock, RetryPolicy policy) {
    rabbit.own(new Topology(settings.namespace(), settings.delays()));
    RabbitTaskQueue q = RabbitTaskQueue.connect(settings, clock, policy);
    opened.add(q);
    return q;
  }

  @Override
  protected TaskQueue newQueue(Clock clock, RetryPolicy policy) {
    return open(settings(), clock, policy);
  }

  @Override
  protected void afterQueueStopped() {
    opened.forEach(RabbitTaskQueue::close);
    opened.clear();
  }

  @Test
  void queuesAreDurableAndMessagesPersistentJson() throws Exception {
    RabbitTaskQueue q = open(settings(), clock, POLICY);
    q.enqueue(List.of(new TaskRequest("t1", "notify", Map.of("thread", "T", "seq", "4"))));

    for (String name : q.topology().queues()) {
      rabbit.withChannel(ch -> ch.queueDeclarePassive(name));
      // A passive declare does not show durability, but a durable queue refuses to be
      // re-declared as transient.
      assertThatThrownBy(
              () -> rabbit.withChannel(ch -> ch.queueDeclare(name, false, false, false, null)))
          .as(name)
          .hasStackTraceContaining("inequivalent arg 'durable'");
    }
    rabbit.withChannel(
        ch -> {
          q.topology().declare(ch); // declaring again changes nothing
          return null;
        });

    GetResponse got = rabbit.withChannel(ch -> ch.basicGet(q.topology().workQueue(), true));
    assertThat(got.getProps().getDeliveryMode()).isEqualTo(2);
    assertThat(got.getProps().getMessageId()).isEqualTo("t1");
    assertThat(got.getProps().getContentType()).isEqualTo("application/json");
    assertThat(got.getProps().getType()).isEqualTo("notify");
    JsonNode body = JSON.readTree(got.getBody());
    assertThat(body.properties().stream().map(Map.Entry::getKey))
        .containsExactly("id", "kind", "payload", "attempt", "created_at");
    assertThat(TaskCodec.decode(got.getBody()))
        .isEqualTo(new Task("t1", "notify", Map.of("thread", "T", "seq", "4"), 1, clock.instant()));
  }

  @Test
  void retriesWaitRealTimeInTheTtlBucketsThenDeadLetterWithReasonAndAttempts() throws Exception {
    RetryPolicy policy = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1));
    RabbitSettings s =
        settings().withDelays(new DelayLadder(Duration.ofMillis(25), Duration.ofMillis(400)));
    RabbitTaskQueue q = open(s, Clock.systemUTC(), policy);
    List<Long> runs = new CopyOnWriteArrayList<>();
    q.start(
        t -> {
          runs.add(System.nanoTime());
          return new TaskResult.Retry("boom " + t.attempt(), null);
        });

    q.enqueue(List.of(task("t1")));

    await("dead-lettered", () -> q.stats().deadLettered() == 1);
    assertThat(runs).hasSize(3);
    Duration first = Duration.ofNanos(runs.get(1) - runs.get(0));
    Duration second = Duration.ofNanos(runs.get(2) - runs.get(1));
    // Never early; the upper bounds only catch a wrong bucket, loose enough for a loaded machine.
    assertThat(first).isBetween(Duration.ofMillis(100), Duration.ofMillis(1_500));
    assertThat(second).isBetween(Duration.ofMillis(200), Duration.ofMillis(1_600));
    assertThat(q.stats()).isEqualTo(new QueueStats(0, 1, 0, 2));

    GetResponse dead = rabbit.withChannel(ch -> ch.basicGet(q.topology().deadQueue(), true));
    Map<String, Object> headers = dead.getProps().getHeaders();
    assertThat(headers.get(TaskCodec.REASON)).hasToString("boom 3");
    assertThat(headers.get(TaskCodec.ATTEMPTS)).isEqualTo(3);
    assertThat(headers).containsKey(TaskCodec.DEAD_AT);
    assertThat(dead.getProps().getDeliveryMode()).isEqualTo(2);
    assertThat(TaskCodec.decode(dead.getBody()).attempt()).isEqualTo(3);
  }

  @Test
  void aLongWaitHopsThroughSeveralBucketsCountsAsPendingAndIsNeverEarly() {
    RabbitSettings s =
        settings().withDelays(new DelayLadder(Duration.ofMillis(25), Duration.ofMillis(400)));
    RabbitTaskQueue q = open(s, Clock.systemUTC(), POLICY);
    List<Long> runs = new CopyOnWriteArrayList<>();
    q.start(
        t -> {
          runs.add(System.nanoTime());
          return t.attempt() == 1
              ? new TaskResult.Retry(
                  "later", Duration.ofMillis(1_350)) // hops of 400, 400, 400, 100, 50 ms
              : TaskResult.DONE;
        });

    q.enqueue(List.of(task("t1")));

    await("parked", () -> q.stats().retried() == 1);
    assertThat(q.stats().pending()).as("a parked task is pending").isEqualTo(1);
    await("completed", () -> q.stats().completed() == 1);
    assertThat(Duration.ofNanos(runs.get(1) - runs.get(0)))
        .isBetween(Duration.ofMillis(1_350), Duration.ofMillis(3_500));
  }

  @Test
  void anUnreadableMessageGoesToTheDeadQueueAsItCame() throws Exception {
    RabbitTaskQueue q = open(settings(), clock, POLICY);
    List<String> ran = new CopyOnWriteArrayList<>();
    q.start(
        t -> {
          ran.add(t.id());
          return TaskResult.DONE;
        });
    byte[] garbage = "not a task".getBytes(StandardCharsets.UTF_8);

    rabbit.withChannel(
        ch -> {
          ch.basicPublish("", q.topology().workQueue(), null, garbage);
          return null;
        });

    await("dead-lettered", () -> q.stats().deadLettered() == 1);
    GetResponse dead = rabbit.withChannel(ch -> ch.basicGet(q.topology().deadQueue(), true));
    assertThat(dead.getBody()).isEqualTo(garbage);
    assertThat(dead.getProps().getHeaders().get(TaskCodec.REASON).toString())
        .startsWith("unreadable task message");
    assertThat(ran).isEmpty();
  }

  @Test
  void deadResultCarriesItsReason() throws Exception {
    RabbitTaskQueue q = open(settings(), clock, POLICY);
    q.start(t -> new TaskResult.Dead("token unregistered"));

    q.enqueue(List.of(task("t1")));

    await("dead-lettered", () -> q.stats().deadLettered() == 1);
    GetResponse dead = rabbit.withChannel(ch -> ch.basicGet(q.topology().deadQueue(), true));
    assertThat(dead.getProps().getHeaders().get(TaskCodec.REASON))
        .hasToString("token unregistered");
    assertThat(dead.getProps().getHeaders().get(TaskCodec.ATTEMPTS)).isEqualTo(1);
  }

  @Test
  void prefetchBoundsTheUnacknowledgedDeliveries() throws Exception {
    RabbitTaskQueue q = open(settings().withPrefetch(3).withWorkers(8), clock, POLICY);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    q.start(
        t -> {
          most.accumulateAndGet(running.incrementAndGet(), Math::max);
          release.await();
          running.decrementAndGet();
          return TaskResult.DONE;
        });

    q.enqueue(IntStream.range(0, 10).mapToObj(i -> task("t" + i)).toList());

    await("three running", () -> running.get() == 3);
    sleep(QUIET);
    assertThat(most).as("eight workers, but only three deliveries").hasValue(3);
    int ready =
        rabbit.withChannel(
            ch -> ch.queueDeclarePassive(q.topology().workQueue()).getMessageCount());
    assertThat(ready).isEqualTo(7);
    release.countDown();
    await("all done", () -> q.stats().completed() == 10);
    assertThat(most).hasValue(3);
  }

  @Test
  void workersBoundTheHandlersRunningAtOnce() {
    RabbitTaskQueue q = open(settings().withPrefetch(16).withWorkers(2), clock, POLICY);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    q.start(
        t -> {
          most.accumulateAndGet(running.incrementAndGet(), Math::max);
          sleep(Duration.ofMillis(40));
          running.decrementAndGet();
          return TaskResult.DONE;
        });

    q.enqueue(IntStream.range(0, 8).mapToObj(i -> task("t" + i)).toList());

    await("all done", () -> q.stats().completed() == 8);
    assertThat(most).hasValue(2);
  }

  @Test
  void anErrorInTheHandlerIsACrashAndTheTaskIsDeliveredAgain() {
    RabbitTaskQueue q = open(settings(), clock, POLICY);
    List<Integer> attempts = new CopyOnWriteArrayList<>();
    q.start(
        t -> {
          attempts.add(t.attempt());
          if (attempts.size() == 1) {
            throw new StackOverflowError("simulated crash of the worker");
          }
          return TaskResult.DONE;
        });

    q.enqueue(List.of(task("t1")));

    await("completed", () -> q.stats().completed() == 1);
    assertThat(attempts).containsExactly(1, 1);
    assertThat(q.stats()).isEqualTo(new QueueStats(0, 0, 1, 0));
  }

  @Test
  void twoNamespacesDoNotShareTasks() {
    RabbitTaskQueue a = open(settings(), clock, POLICY);
    RabbitTaskQueue b = open(settings(), clock, POLICY);
    List<String> ranInA = new CopyOnWriteArrayList<>();
    List<String> ranInB = new CopyOnWriteArrayList<>();
    a.start(
        t -> {
          ranInA.add(t.id());
          return TaskResult.DONE;
        });
    b.start(
        t -> {
          ranInB.add(t.id());
          return TaskResult.DONE;
        });

    a.enqueue(List.of(task("a1"), task("a2")));
    b.enqueue(List.of(task("b1")));

    await("all done", () -> a.stats().completed() == 2 && b.stats().completed() == 1);
    sleep(QUIET);
    assertThat(ranInA).containsExactlyInAnyOrder("a1", "a2");
    assertThat(ranInB).containsExactly("b1");
  }

  @Test
  void concurrentEnqueuesAreEachConfirmedAndRunOnce() throws Exception {
    RabbitTaskQueue q = open(settings(), clock, POLICY);
    Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    q.start(
        t -> {
          runs.computeIfAbsent(t.id(), id -> new AtomicInteger()).incrementAndGet();
          return TaskResult.DONE;
        });

    List<Thread> producers = new ArrayList<>();
    for (int p = 0; p < 8; p++) {
      int producer = p;
      producers.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    for (int i = 0; i < 10; i++) {
                      q.enqueue(List.of(task("p" + producer + "-" + i)));
                    }
                  }));
    }
    for (Thread producer : producers) {
      producer.join();
    }

    await("all done", () -> q.stats().completed() == 80);
    assertThat(runs).hasSize(80);
    assertThat(runs.values()).allSatisfy(n -> assertThat(n).hasValue(1));
  }

  @Test
  void repeatedIdsInOneEnqueueAreSentOnce() {
    RabbitTaskQueue q = open(settings(), clock, POLICY);

    q.enqueue(List.of(task("t1"), task("t1"), task("t2")));

    assertThat(q.stats().pending()).isEqualTo(2);
  }

  @Test
  void unreachableBrokerIsUnavailableWithoutThePassword() {
    RabbitSettings s = RabbitSettings.of("amqp://guest:secret@127.0.0.1:1", rabbit.namespace());

    assertThatThrownBy(() -> RabbitTaskQueue.connect(s, clock, POLICY))
        .isInstanceOf(Unavailable.class)
        .hasMessageContaining("cannot connect to RabbitMQ at amqp://guest:***@127.0.0.1:1")
        .hasMessageNotContaining("secret");
  }
}
