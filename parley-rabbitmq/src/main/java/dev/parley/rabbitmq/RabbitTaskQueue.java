package dev.parley.rabbitmq;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ShutdownSignalException;
import dev.parley.core.error.Unavailable;
import dev.parley.core.task.QueueStats;
import dev.parley.core.task.RetryPolicy;
import dev.parley.core.task.Task;
import dev.parley.core.task.TaskHandler;
import dev.parley.core.task.TaskQueue;
import dev.parley.core.task.TaskRequest;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The cluster task queue on RabbitMQ: durable queues, persistent messages, publisher confirms,
 * manual acks with a bounded prefetch, delayed retries through TTL buckets, and a dead queue.
 *
 * <p>A retried task carries the instant it is due by the queue's {@link Clock}; it hops through the
 * retry buckets of the {@link DelayLadder} and runs on the first delivery at or after that instant.
 * With the system clock a wait takes a few hops; a clock moved by hand is seen at the next hop.
 *
 * <p>Publishing and consuming use one connection each (a publisher the broker throttles must not
 * hold up acks). Both reconnect by themselves; an enqueue during an outage waits for the
 * reconnection up to the confirm timeout, then throws {@link Unavailable}. Delivery is at least
 * once: a task whose ack a lost connection swallowed runs again, so handlers must be idempotent.
 * {@link #stop} stops the workers only; {@link #close} also closes the publishing connection.
 */
public final class RabbitTaskQueue implements TaskQueue, AutoCloseable {
  private final RabbitSettings settings;
  private final Topology topology;
  private final Clock clock;
  private final RetryPolicy policy;
  private final ConnectionFactory factory;
  private final Connection connection;

  /** Kept open for the connection's life: topology recovery replays the declarations on it. */
  private final Channel topologyChannel;

  private final ConfirmingPublisher publisher;
  private final AtomicLong completed = new AtomicLong();
  private final AtomicLong retried = new AtomicLong();
  private final ReentrantLock statsLock = new ReentrantLock();
  private Channel statsChannel;
  private volatile TaskConsumer consumer;
  private boolean started;

  private RabbitTaskQueue(
      RabbitSettings settings,
      Clock clock,
      RetryPolicy policy,
      ConnectionFactory factory,
      Connection connection,
      Channel topologyChannel) {
    this.settings = settings;
    this.topology = new Topology(settings.namespace(), settings.delays());
    this.clock = clock;
    this.policy = policy;
    this.factory = factory;
    this.connection = connection;
    this.topologyChannel = topologyChannel;
    this.publisher = new ConfirmingPublisher(connection, settings.confirmTimeout());
  }

  /** Connects with the default prefetch, workers, timeouts and retry buckets. */
  public static RabbitTaskQueue connect(
      String amqpUrl, String namespace, Clock clock, RetryPolicy policy) {
    return connect(RabbitSettings.of(amqpUrl, namespace), clock, policy);
  }

  /**
   * Connects and declares the namespace's queues (idempotent).
   *
   * @throws Unavailable when the broker cannot be reached or refuses the topology
   */
  public static RabbitTaskQueue connect(RabbitSettings settings, Clock clock, RetryPolicy policy) {
    ConnectionFactory factory = Connections.factory(settings);
    Connection connection =
        Connections.open(factory, "parley " + settings.namespace() + " publisher", settings);
    try {
      Channel channel = connection.createChannel();
      if (channel == null) {
        throw new IOException("RabbitMQ refused a new channel (channel_max reached)");
      }
      new Topology(settings.namespace(), settings.delays()).declare(channel);
      return new RabbitTaskQueue(settings, clock, policy, factory, connection, channel);
    } catch (IOException | ShutdownSignalException e) {
      Connections.close(connection, 2_000);
      throw new Unavailable(
          "cannot declare the queues of namespace " + settings.namespace() + ": " + e, e);
    }
  }

  public Topology topology() {
    return topology;
  }

  public RabbitSettings settings() {
    return settings;
  }

  /**
   * Publishes the tasks (attempt 1) and returns once the broker has confirmed them all. Repeated
   * ids within one call are sent once; across calls RabbitMQ does not deduplicate.
   *
   * @throws Unavailable when the broker did not confirm within the confirm timeout
   */
  @Override
  public void enqueue(List<TaskRequest> tasks) {
    if (tasks.isEmpty()) {
      return;
    }
    Instant now = clock.instant();
    Set<String> seen = new HashSet<>();
    List<ConfirmingPublisher.Message> messages =
        tasks.stream()
            .filter(t -> seen.add(t.id()))
            .map(t -> new Task(t.id(), t.kind(), t.payload(), 1, now))
            .map(
                t ->
                    new ConfirmingPublisher.Message(
                        topology.workQueue(),
                        TaskCodec.properties(t, Map.of()),
                        TaskCodec.encode(t)))
            .toList();
    publisher.publish(messages);
  }

  /**
   * Opens the consuming connection and starts handing tasks to {@code handler}, at most {@code
   * workers} at once, each on a virtual thread.
   */
  @Override
  public synchronized void start(TaskHandler handler) {
    if (started) {
      throw new IllegalStateException("the task queue was already started");
    }
    started = true;
    Connection consuming =
        Connections.open(factory, "parley " + settings.namespace() + " consumer", settings);
    TaskWorker worker =
        new TaskWorker(
            topology, publisher, clock, policy, handler, settings.workers(), completed, retried);
    try {
      consumer = TaskConsumer.start(consuming, topology, settings.prefetch(), worker);
    } catch (IOException | ShutdownSignalException e) {
      Connections.close(consuming, 2_000);
      throw new Unavailable("cannot consume " + topology.workQueue() + ": " + e, e);
    }
  }

  /** Cancels the consumer, waits up to {@code grace} for running tasks, closes its connection. */
  @Override
  public synchronized void stop(Duration grace) {
    if (consumer != null) {
      consumer.stop(grace);
      consumer = null;
    }
  }

  /**
   * Pending counts the work queue's ready messages and those parked in retry buckets, dead the dead
   * queue's, each read with a passive declare; completed and retried count since start.
   *
   * @throws Unavailable when the broker cannot be asked now
   */
  @Override
  public QueueStats stats() {
    statsLock.lock();
    try {
      Channel ch = statsChannel();
      long pending = ch.queueDeclarePassive(topology.workQueue()).getMessageCount();
      for (String retry : topology.retryQueues()) {
        pending += ch.queueDeclarePassive(retry).getMessageCount();
      }
      long dead = ch.queueDeclarePassive(topology.deadQueue()).getMessageCount();
      return new QueueStats(pending, dead, completed.get(), retried.get());
    } catch (IOException | ShutdownSignalException e) {
      // A missing queue closes the channel (404); the next call opens another.
      throw new Unavailable("cannot read the depths of " + topology.namespace() + ": " + e, e);
    } finally {
      statsLock.unlock();
    }
  }

  private Channel statsChannel() throws IOException {
    if (statsChannel == null || !statsChannel.isOpen()) {
      if (statsChannel != null) {
        statsChannel.abort();
      }
      statsChannel = connection.createChannel();
      if (statsChannel == null) {
        throw new IOException("RabbitMQ refused a new channel (channel_max reached)");
      }
    }
    return statsChannel;
  }

  /** Whether the publishing connection, and the consuming one once started, are up: /readyz. */
  public boolean isConnected() {
    TaskConsumer c = consumer;
    return connection.isOpen() && (c == null || c.connection().isOpen());
  }

  /** Stops the workers without grace (their tasks go back to the queue) and disconnects. */
  @Override
  public void close() {
    stop(Duration.ZERO);
    publisher.close();
    Connections.close(connection, 2_000);
  }

  Connection publisherConnection() {
    return connection;
  }

  Connection consumerConnection() {
    TaskConsumer c = consumer;
    return c == null ? null : c.connection();
  }
}
