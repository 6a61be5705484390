package dev.parley.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Delivery;
import dev.parley.core.error.Unavailable;
import dev.parley.core.task.RetryPolicy;
import dev.parley.core.task.Task;
import dev.parley.core.task.TaskHandler;
import dev.parley.core.task.TaskResult;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What becomes of one delivery: parked again while not yet due, else run by the handler, then acked
 * (done), published to a retry bucket with attempt + 1, or published to the dead queue. Every
 * publish is confirmed before the ack, so a task is never in no queue at all.
 */
final class TaskWorker implements TaskConsumer.Processor {
  private static final Logger log = LoggerFactory.getLogger(TaskWorker.class);
  private static final int MAX_REASON = 1_000;

  private final Topology topology;
  private final ConfirmingPublisher publisher;
  private final Clock clock;
  private final RetryPolicy policy;
  private final TaskHandler handler;
  private final Semaphore permits;
  private final AtomicLong completed;
  private final AtomicLong retried;

  TaskWorker(
      Topology topology,
      ConfirmingPublisher publisher,
      Clock clock,
      RetryPolicy policy,
      TaskHandler handler,
      int workers,
      AtomicLong completed,
      AtomicLong retried) {
    this.topology = topology;
    this.publisher = publisher;
    this.clock = clock;
    this.policy = policy;
    this.handler = handler;
    this.permits = new Semaphore(workers);
    this.completed = completed;
    this.retried = retried;
  }

  @Override
  public void process(Delivery delivery, TaskConsumer consumer) {
    long tag = delivery.getEnvelope().getDeliveryTag();
    Task task;
    try {
      task = TaskCodec.decode(delivery.getBody());
    } catch (IOException e) {
      buryUnreadable(delivery, e, consumer);
      return;
    }
    try {
      Optional<Instant> due = TaskCodec.due(delivery.getProperties());
      Instant now = clock.instant();
      if (due.isPresent() && due.get().isAfter(now)) {
        // Not due by the queue's Clock yet: another hop. Needs no worker, only a publish.
        park(task, due.get(), now);
        consumer.ack(tag);
        return;
      }
      permits.acquire();
      TaskResult result;
      try {
        if (!consumer.accepting()) {
          consumer.requeue(tag);
          return;
        }
        result = run(task);
      } catch (Error e) {
        // A crash, not an outcome: hand the task back as a dying process would, so it runs again
        // (here or on another node). An Error is a bug or exhausted resources, never a verdict on
        // the task, so it does not spend an attempt.
        log.error(
            "task {} ({}) crashed its worker; it goes back on the queue",
            task.id(),
            task.kind(),
            e);
        consumer.requeue(tag);
        return;
      } finally {
        permits.release();
      }
      if (consumer.abandoned()) {
        log.info(
            "task {} ({}) finished after stop gave up on it: left to its redelivery",
            task.id(),
            task.kind());
        return;
      }
      record(task, result, tag, consumer);
    } catch (InterruptedException e) {
      consumer.requeue(tag); // stopping: never ran, or ran unrecorded
    } catch (Unavailable e) {
      log.warn(
          "cannot record the outcome of task {} ({}): {}; it runs again",
          task.id(),
          task.kind(),
          e.getMessage());
      consumer.requeue(tag);
    }
  }

  /** Runs the handler; an exception, or no result at all, counts as a retry. */
  private TaskResult run(Task task) {
    try {
      TaskResult result = handler.handle(task);
      return result != null ? result : new TaskResult.Retry("the handler returned no result", null);
    } catch (Exception e) {
      return new TaskResult.Retry(String.valueOf(e), null);
    }
  }

  private void record(Task task, TaskResult result, long tag, TaskConsumer consumer) {
    switch (result) {
      case TaskResult.Done done -> {
        if (consumer.ack(tag)) {
          completed.incrementAndGet();
        }
      }
      case TaskResult.Dead dead -> bury(task, dead.reason(), tag, consumer);
      case TaskResult.Retry retry when policy.exhausted(task.attempt()) ->
          bury(task, retry.reason(), tag, consumer);
      case TaskResult.Retry retry -> {
        Instant now = clock.instant();
        Instant due = now.plus(policy.delayAfter(task.attempt(), retry.notBefore()));
        Task next =
            new Task(task.id(), task.kind(), task.payload(), task.attempt() + 1, task.createdAt());
        park(next, due, now);
        consumer.ack(tag);
        retried.incrementAndGet();
        log.debug(
            "task {} ({}) failed attempt {}: {}; retry at {}",
            task.id(),
            task.kind(),
            task.attempt(),
            retry.reason(),
            due);
      }
    }
  }

  /** Publishes {@code task} to the retry bucket of its next hop towards {@code due}. */
  private void park(Task task, Instant due, Instant now) {
    Duration bucket = topology.delays().hop(Duration.between(now, due));
    Map<String, Object> headers = Map.of(TaskCodec.DUE, due.toEpochMilli());
    publisher.publish(
        List.of(
            new ConfirmingPublisher.Message(
                topology.retryQueue(bucket),
                TaskCodec.properties(task, headers),
                TaskCodec.encode(task))));
  }

  private void bury(Task task, String reason, long tag, TaskConsumer consumer) {
    publisher.publish(
        List.of(
            new ConfirmingPublisher.Message(
                topology.deadQueue(),
                TaskCodec.properties(task, deadHeaders(reason, task.attempt())),
                TaskCodec.encode(task))));
    consumer.ack(tag);
    log.warn(
        "task {} ({}) dead-lettered after attempt {}: {}",
        task.id(),
        task.kind(),
        task.attempt(),
        reason);
  }

  /** A body that is no task can never succeed: straight to the dead queue, as it came. */
  private void buryUnreadable(Delivery delivery, IOException why, TaskConsumer consumer) {
    long tag = delivery.getEnvelope().getDeliveryTag();
    AMQP.BasicProperties in = delivery.getProperties();
    AMQP.BasicProperties out =
        in.builder()
            .deliveryMode(2)
            .headers(deadHeaders("unreadable task message: " + why.getMessage(), 0))
            .build();
    try {
      publisher.publish(
          List.of(new ConfirmingPublisher.Message(topology.deadQueue(), out, delivery.getBody())));
      consumer.ack(tag);
      log.warn("unreadable message {} dead-lettered: {}", in.getMessageId(), why.getMessage());
    } catch (Unavailable e) {
      log.warn("cannot dead-letter unreadable message {}: {}", in.getMessageId(), e.getMessage());
      consumer.requeue(tag);
    }
  }

  private Map<String, Object> deadHeaders(String reason, int attempts) {
    Map<String, Object> headers = new HashMap<>();
    String text = reason == null ? "" : reason;
    headers.put(
        TaskCodec.REASON, text.length() > MAX_REASON ? text.substring(0, MAX_REASON) : text);
    headers.put(TaskCodec.ATTEMPTS, attempts);
    headers.put(TaskCodec.DEAD_AT, clock.instant().toString());
    return headers;
  }
}
