package dev.parley.rabbitmq;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes the work queue on a channel of its own (manual ack, {@code basicQos(prefetch)}) and
 * hands each delivery to a virtual thread, so no handler ever runs on the client's dispatch thread.
 */
final class TaskConsumer {
  private static final Logger log = LoggerFactory.getLogger(TaskConsumer.class);

  /** What a consumer does with one delivery, off the client's thread. */
  @FunctionalInterface
  interface Processor {
    void process(Delivery delivery, TaskConsumer consumer);
  }

  private final Connection connection;
  private final Channel channel;
  private final Processor processor;

  /** Acks come from many virtual threads: one frame at a time on the channel. */
  private final ReentrantLock channelLock = new ReentrantLock();

  private final Set<Thread> running = ConcurrentHashMap.newKeySet();
  private final Thread.Builder threads =
      Thread.ofVirtual()
          .name("parley-task-", 1)
          .uncaughtExceptionHandler((t, e) -> log.error("task thread {} died", t.getName(), e));
  private volatile boolean accepting = true;
  private volatile boolean abandoned;
  private String consumerTag;

  private TaskConsumer(Connection connection, Channel channel, Processor processor) {
    this.connection = connection;
    this.channel = channel;
    this.processor = processor;
  }

  /**
   * Declares the topology on the consuming channel (so recovery re-declares the queues before it
   * re-subscribes) and starts consuming. The consumer owns {@code connection} from here on.
   */
  static TaskConsumer start(
      Connection connection, Topology topology, int prefetch, Processor processor)
      throws IOException {
    Channel channel = connection.createChannel();
    if (channel == null) {
      throw new IOException("RabbitMQ refused a new channel (channel_max reached)");
    }
    topology.declare(channel);
    channel.basicQos(prefetch);
    TaskConsumer consumer = new TaskConsumer(connection, channel, processor);
    consumer.consumerTag =
        channel.basicConsume(
            topology.workQueue(),
            false,
            (tag, delivery) -> consumer.dispatch(delivery),
            tag -> log.warn("RabbitMQ cancelled the consumer of {}", topology.workQueue()));
    return consumer;
  }

  private void dispatch(Delivery delivery) {
    if (!accepting) {
      requeue(delivery.getEnvelope().getDeliveryTag());
      return;
    }
    Thread thread =
        threads.unstarted(
            () -> {
              try {
                processor.process(delivery, this);
              } finally {
                running.remove(Thread.currentThread());
              }
            });
    running.add(thread);
    thread.start();
  }

  /** False once stopping: a delivery not yet handed to its handler goes back to the queue. */
  boolean accepting() {
    return accepting;
  }

  /**
   * True once {@link #stop} gave up on running handlers: their deliveries went back to the queue
   * with the channel, so their outcome must not be recorded.
   */
  boolean abandoned() {
    return abandoned;
  }

  /**
   * Acknowledges a delivery; false when the channel is gone, in which case the broker delivers the
   * task again (at least once). After a reconnection the client drops acks of older deliveries.
   */
  boolean ack(long deliveryTag) {
    return send(ch -> ch.basicAck(deliveryTag, false), "ack", deliveryTag);
  }

  /** Gives a delivery back to the queue for another consumer (or this one) to take. */
  boolean requeue(long deliveryTag) {
    return send(ch -> ch.basicNack(deliveryTag, false, true), "requeue", deliveryTag);
  }

  private interface ChannelCall {
    void call(Channel channel) throws IOException;
  }

  private boolean send(ChannelCall call, String what, long deliveryTag) {
    channelLock.lock();
    try {
      call.call(channel);
      return true;
    } catch (IOException | ShutdownSignalException e) {
      log.debug("cannot {} delivery {}: the broker will deliver it again", what, deliveryTag, e);
      return false;
    } finally {
      channelLock.unlock();
    }
  }

  /**
   * Cancels the subscription, waits up to {@code grace} for running deliveries, interrupts those
   * still running, and closes the connection, which puts every unacknowledged task back.
   */
  void stop(Duration grace) {
    accepting = false;
    send(ch -> ch.basicCancel(consumerTag), "cancel the consumer of", 0);
    long deadline = System.nanoTime() + Math.max(0, grace.toNanos());
    for (Thread thread : List.copyOf(running)) {
      join(thread, deadline - System.nanoTime());
    }
    List<Thread> stuck = running.stream().filter(Thread::isAlive).toList();
    if (!stuck.isEmpty()) {
      abandoned = true;
      stuck.forEach(Thread::interrupt);
      log.warn(
          "{} task(s) still running after {}: interrupted, and back on the queue for another run",
          stuck.size(),
          grace);
    }
    Connections.close(connection, 2_000);
  }

  private static void join(Thread thread, long nanos) {
    try {
      thread.join(Duration.ofNanos(Math.max(1, nanos)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  Connection connection() {
    return connection;
  }
}
