package dev.parley.core.thread;

import dev.parley.core.error.InvalidRequest;
import dev.parley.core.store.ThreadCursor;
import java.time.Instant;

/** The opaque {@code before} / {@code next_before} of the thread list: "millis.threadId". */
final class ThreadListCursor {
  private ThreadListCursor() {}

  static String encode(ThreadCursor cursor) {
    return cursor.updatedAt().toEpochMilli() + "." + cursor.threadId();
  }

  static ThreadCursor decode(String raw) {
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    int dot = raw.indexOf('.');
    if (dot <= 0 || dot == raw.length() - 1 || raw.length() > 200) {
      throw new InvalidRequest("before is not a cursor this server gave out");
    }
    try {
      long millis = Long.parseLong(raw.substring(0, dot));
      return new ThreadCursor(Instant.ofEpochMilli(millis), raw.substring(dot + 1));
    } catch (NumberFormatException | java.time.DateTimeException e) {
      throw new InvalidRequest("before is not a cursor this server gave out");
    }
  }
}
