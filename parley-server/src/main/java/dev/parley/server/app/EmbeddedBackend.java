package dev.parley.server.app;

import dev.parley.core.task.RetryPolicy;
import dev.parley.server.config.ServerConfig;
import dev.parley.server.config.TaskSettings;
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
    TaskSettings tasks = config.tasks();
    RetryPolicy retries = new RetryPolicy(tasks.maxAttempts(), tasks.retryBase(), tasks.retryMax());
    JdbcTaskQueue queue =
        new JdbcTaskQueue(db, clock, retries, tasks.workers(), Duration.ofMillis(500));
    return new Backend(new JdbcStore(db), queue);
  }
}
