package dev.parley.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the SQLite write-ahead log into the database file on a thread of its own ({@code PASSIVE}
 * checkpoints: they neither wait for nor block the writer and readers). Without it, SQLite
 * checkpoints inside the commit of whichever write crosses 1,000 log pages, and under load that
 * copying and syncing sat on the writer thread that every send waits on. The writer keeps a larger
 * automatic checkpoint as the backstop that lets the log start over: when it comes, this thread has
 * already copied nearly all of it.
 */
final class WalCheckpointer {
  static final Duration DEFAULT_PERIOD = Duration.ofMillis(100);

  private static final Logger log = LoggerFactory.getLogger(WalCheckpointer.class);

  private final DataSource source;
  private final Duration period;
  private final Thread thread;
  private volatile boolean stopped;

  private WalCheckpointer(DataSource source, Duration period) {
    this.source = source;
    this.period = period;
    this.thread =
        Thread.ofPlatform().name("parley-sqlite-checkpointer").daemon().unstarted(this::loop);
  }

  /** Starts checkpointing the database of {@code source} every {@code period}. */
  static WalCheckpointer start(DataSource source, Duration period) {
    WalCheckpointer checkpointer = new WalCheckpointer(source, period);
    checkpointer.thread.start();
    return checkpointer;
  }

  /** Stops the thread after its current checkpoint; closing the last connection checkpoints. */
  void stop() {
    stopped = true;
    thread.interrupt();
    try {
      thread.join(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void loop() {
    while (!stopped) {
      try (Connection c = source.getConnection();
          Statement statement = c.createStatement()) {
        c.setAutoCommit(true);
        runUntilStopped(statement);
      } catch (SQLException | RuntimeException e) {
        if (!stopped) {
          log.warn("SQLite checkpoint failed; trying again in {}", period, e);
          sleep();
        }
      }
    }
  }

  private void runUntilStopped(Statement statement) throws SQLException {
    while (!stopped) {
      statement.execute("PRAGMA wal_checkpoint(PASSIVE)");
      sleep();
    }
  }

  private void sleep() {
    try {
      Thread.sleep(period);
    } catch (InterruptedException e) {
      // stop() interrupts; the loop looks at stopped
    }
  }
}
