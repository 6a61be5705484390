package dev.parley.server.app;

import dev.parley.core.task.RetryPolicy;
import dev.parley.server.config.ServerConfig;
import dev.parley.store.JdbcStore;
import dev.parley.store.JdbcTaskQueue;
import dev.parley.store.SqliteDatabase;
import java.time.Clock;
import java.time.Duration;

/** The zero-setup backend: one SQLite file holds the store and the task queue. */
public final class EmbeddedBackend {
  private EmbeddedBackend() {}

  public static Backend open(ServerConfig config, Clock clock) {
    SqliteDatabase db = SqliteDatabase.open(config.dataDir());
    RetryPolicy retries =
        new RetryPolicy(config.taskMaxAttempts(), config.taskRetryBase(), config.taskRetryMax());
    JdbcTaskQueue queue =
        new JdbcTaskQueue(db, clock, retries, config.taskWorkers(), Duration.ofMillis(500));
    return new Backend(new JdbcStore(db), queue);
  }
}
