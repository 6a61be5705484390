package dev.parley.server.app;

import dev.parley.core.task.OutboxRelay;
import dev.parley.core.task.TaskHandler;
import dev.parley.core.task.TaskQueue;
import dev.parley.rabbitmq.RabbitTaskQueue;
import dev.parley.store.JdbcTaskQueue;
import java.time.Duration;

/**
 * RabbitMQ runs the tasks; the store's {@code tasks} table is only the outbox, drained into
 * RabbitMQ by a relay that deletes a row once the broker confirmed it.
 */
public final class RabbitQueues implements Queues {
  private final RabbitTaskQueue rabbit;
  private final JdbcTaskQueue outbox;

  public RabbitQueues(RabbitTaskQueue rabbit, JdbcTaskQueue outbox) {
    this.rabbit = rabbit;
    this.outbox = outbox;
  }

  @Override
  public TaskQueue queue() {
    return rabbit;
  }

  @Override
  public void start(TaskHandler handler) {
    rabbit.start(handler);
    outbox.start(new OutboxRelay(rabbit));
  }

  @Override
  public void stop(Duration grace) {
    outbox.stop(grace);
    rabbit.stop(grace);
  }

  @Override
  public boolean isReady() {
    return rabbit.isConnected();
  }

  @Override
  public void close() {
    rabbit.close();
  }
}
