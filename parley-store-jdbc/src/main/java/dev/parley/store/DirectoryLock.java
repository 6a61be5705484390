package dev.parley.store;

import dev.parley.core.error.Unavailable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a data directory, held while its database is open. The embedded store
 * assumes one process: a second one would share the file but not the write lock, the in-memory
 * channels, or the task queue's recovery (which re-runs tasks it believes were left running).
 */
final class DirectoryLock implements AutoCloseable {
  private final FileChannel channel;

  private DirectoryLock(FileChannel channel) {
    this.channel = channel;
  }

  /**
   * Creates the directory when missing and locks it.
   *
   * @throws Unavailable when it cannot be created, or another process or database holds it
   */
  static DirectoryLock acquire(Path dir) {
    FileChannel channel = null;
    try {
      Files.createDirectories(dir);
      channel =
          FileChannel.open(
              dir.resolve("parley.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw new Unavailable(dir + " is in use by another Parley process", null);
      }
      return new DirectoryLock(channel);
    } catch (IOException | OverlappingFileLockException | Unavailable e) {
      closeAfterFailure(channel, e);
      if (e instanceof Unavailable u) {
        throw u;
      }
      throw new Unavailable("cannot lock the data directory " + dir + ": " + e, e);
    }
  }

  private static void closeAfterFailure(FileChannel channel, Exception failure) {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }

  /** Releases the lock. */
  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw new Unavailable("cannot release the data directory lock", e);
    }
  }
}
