package dev.parley.server.app;

import dev.parley.core.store.Store;
import dev.parley.core.task.RetryPolicy;
import dev.parley.rabbitmq.RabbitSettings;
import dev.parley.rabbitmq.RabbitTaskQueue;
import dev.parley.server.config.Backends;
import dev.parley.server.config.ServerConfig;
import dev.parley.server.config.TaskSettings;
import dev.parley.store.Database;
import dev.parley.store.JdbcStore;
import dev.parley.store.JdbcTaskQueue;
import dev.parley.store.PostgresDatabase;
import dev.parley.store.SqliteDatabase;
import java.time.Clock;
import java.time.Duration;

/** The backends of a node as configured: the store, the task queues, the realtime fabric. */
public record Backend(Store store, Queues queues, Fabric fabric) implements AutoCloseable {
  private static final Duration POLL = Duration.ofMillis(500);

  public static Backend open(ServerConfig config, Clock clock) {
    Backends chosen = config.backends();
    Database db =
        chosen.isPostgres()
            ? PostgresDatabase.open(
                chosen.dbUrl(), chosen.dbSchema(), PostgresDatabase.DEFAULT_POOL_SIZE)
            : SqliteDatabase.open(config.dataDir());
    JdbcStore store = new JdbcStore(db);
    try {
      Queues queues = queues(config, db, clock);
      try {
        Fabric fabric =
            chosen.isRedis()
                ? new RedisFabric(
                    chosen.redisUrl(), chosen.namespace(), clock, config.onlineTimeout())
                : new LocalFabric();
        return new Backend(store, queues, fabric);
      } catch (RuntimeException e) {
        queues.close();
        throw e;
      }
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  private static Queues queues(ServerConfig config, Database db, Clock clock) {
    TaskSettings tasks = config.tasks();
    RetryPolicy retries = new RetryPolicy(tasks.maxAttempts(), tasks.retryBase(), tasks.retryMax());
    if (!config.backends().isRabbit()) {
      return new TableQueues(new JdbcTaskQueue(db, clock, retries, tasks.workers(), POLL));
    }
    RabbitTaskQueue rabbit =
        RabbitTaskQueue.connect(
            RabbitSettings.of(config.backends().amqpUrl(), config.backends().namespace())
                .withWorkers(tasks.workers()),
            clock,
            retries);
    // The relay retries a failed publish (broker down) forever at a short cap: the outbox must
    // drain.
    RetryPolicy relay =
        new RetryPolicy(Integer.MAX_VALUE, Duration.ofMillis(200), Duration.ofSeconds(5));
    return new RabbitQueues(rabbit, new JdbcTaskQueue(db, clock, relay, 2, POLL));
  }

  public boolean isReady() {
    return store.isReachable() && queues.isReady() && fabric.isReady();
  }

  /** Stops the workers first: closing the store under a running task would fail it. */
  public void stop(Duration grace) {
    queues.stop(grace);
  }

  @Override
  public void close() {
    fabric.close();
    queues.close();
    store.close();
  }
}
