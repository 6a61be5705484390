package dev.parley.store;

import static java.util.stream.Collectors.groupingBy;
import static java.util.stream.Collectors.mapping;
import static java.util.stream.Collectors.toList;

import dev.parley.core.model.ChatThread;
import dev.parley.core.model.Member;
import dev.parley.core.model.Message;
import dev.parley.core.model.ThreadSummary;
import dev.parley.core.store.ThreadCursor;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Threads as one member sees them. A page costs three queries whatever its size: the member's rows,
 * then the participants and the last messages of the whole page.
 */
final class ThreadList {
  private static final String MEMBER_THREADS =
      "SELECT t.*, m.* FROM thread_members m JOIN threads t ON t.id = m.thread_id WHERE ";

  private record Seen(ChatThread thread, Member self) {}

  private static final RowMapper<Seen> SEEN =
      r -> new Seen(ThreadRows.THREAD.map(r), ThreadRows.MEMBER.map(r));

  List<ThreadSummary> threadsOf(Connection c, String userId, ThreadCursor before, int limit)
      throws SQLException {
    Sql page =
        before == null
            ? Sql.of(
                c,
                MEMBER_THREADS + "m.user_id = ? ORDER BY t.updated_at DESC, t.id DESC LIMIT ?",
                userId,
                limit)
            : Sql.of(
                c,
                MEMBER_THREADS
                    + "m.user_id = ? AND (t.updated_at, t.id) < (?, ?)"
                    + " ORDER BY t.updated_at DESC, t.id DESC LIMIT ?",
                userId,
                before.updatedAt(),
                before.threadId(),
                limit);
    return summarize(c, page.list(SEEN));
  }

  Optional<ThreadSummary> summary(Connection c, String threadId, String userId)
      throws SQLException {
    List<Seen> seen =
        Sql.of(c, MEMBER_THREADS + "m.thread_id = ? AND m.user_id = ?", threadId, userId)
            .list(SEEN);
    return summarize(c, seen).stream().findFirst();
  }

  private static List<ThreadSummary> summarize(Connection c, List<Seen> seen) throws SQLException {
    if (seen.isEmpty()) {
      return List.of();
    }
    List<String> ids = seen.stream().map(s -> s.thread().id()).toList();
    Map<String, List<String>> participants = participants(c, ids);
    Map<String, Message> last = lastMessages(c, ids);
    List<ThreadSummary> out = new ArrayList<>(seen.size());
    for (Seen s : seen) {
      String id = s.thread().id();
      out.add(
          new ThreadSummary(
              s.thread(), s.self(), participants.getOrDefault(id, List.of()), last.get(id)));
    }
    return out;
  }

  /** Each thread's member ids, ascending (a chunk holds whole threads, so order survives). */
  private static Map<String, List<String>> participants(Connection c, List<String> threadIds)
      throws SQLException {
    record Pair(String threadId, String userId) {}
    List<Pair> pairs =
        Sql.listIn(
            c,
            "SELECT thread_id, user_id FROM thread_members WHERE thread_id IN (?) ORDER BY user_id",
            threadIds,
            r -> new Pair(r.text("thread_id"), r.text("user_id")));
    return pairs.stream().collect(groupingBy(Pair::threadId, mapping(Pair::userId, toList())));
  }

  /** The message at each thread's {@code last_seq}; threads without messages are absent. */
  private static Map<String, Message> lastMessages(Connection c, List<String> threadIds)
      throws SQLException {
    return Sql.listIn(
            c,
            """
            SELECT m.* FROM threads t JOIN messages m ON m.thread_id = t.id AND m.seq = t.last_seq
            WHERE t.id IN (?)""",
            threadIds,
            MessageRows.MESSAGE)
        .stream()
        .collect(Collectors.toMap(Message::threadId, Function.identity()));
  }
}
