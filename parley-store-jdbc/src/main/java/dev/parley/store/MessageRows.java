package dev.parley.store;

import dev.parley.core.error.NotFound;
import dev.parley.core.model.Message;
import dev.parley.core.model.MessageKind;
import dev.parley.core.model.MessagePage;
import dev.parley.core.store.MessageDraft;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/** The messages table: numbering, history pages, lookups by seq and by client id. */
final class MessageRows {
  static final RowMapper<Message> MESSAGE =
      r ->
          new Message(
              r.text("id"),
              r.text("thread_id"),
              r.int64("seq"),
              r.text("sender_id"),
              MessageKind.fromWire(r.text("kind")),
              r.text("body"),
              r.text("client_msg_id"),
              r.instant("created_at"));

  /**
   * Stores the draft at the thread's next seq, and moves the thread's {@code last_seq} and {@code
   * updated_at} and the sender's read pointer to it. Incrementing {@code last_seq} first makes the
   * thread row the lock that orders concurrent senders (in PostgreSQL as well).
   *
   * @throws NotFound when the thread does not exist
   */
  Message append(Connection c, MessageDraft d) throws SQLException {
    long seq =
        Sql.of(
                c,
                """
                UPDATE threads SET last_seq = last_seq + 1, updated_at = ?
                WHERE id = ? RETURNING last_seq""",
                d.createdAt(),
                d.threadId())
            .first(r -> r.int64("last_seq"))
            .orElseThrow(() -> new NotFound("no thread " + d.threadId()));
    Sql.of(
            c,
            """
            INSERT INTO messages (thread_id, seq, id, sender_id, kind, body, client_msg_id,
                                  created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
            d.threadId(),
            seq,
            d.id(),
            d.senderId(),
            d.kind().wire(),
            d.body(),
            d.clientMsgId(),
            d.createdAt())
        .update();
    Sql.of(
            c,
            """
            UPDATE thread_members SET last_read_seq = ?
            WHERE thread_id = ? AND user_id = ? AND last_read_seq < ?""",
            seq,
            d.threadId(),
            d.senderId(),
            seq)
        .update();
    return new Message(
        d.id(),
        d.threadId(),
        seq,
        d.senderId(),
        d.kind(),
        d.body(),
        d.clientMsgId(),
        d.createdAt().truncatedTo(ChronoUnit.MILLIS)); // as it will read back
  }

  Optional<Message> find(Connection c, String threadId, long seq) throws SQLException {
    return Sql.of(c, "SELECT * FROM messages WHERE thread_id = ? AND seq = ?", threadId, seq)
        .first(MESSAGE);
  }

  Optional<Message> findByClientMsgId(
      Connection c, String threadId, String senderId, String clientMsgId) throws SQLException {
    return Sql.of(
            c,
            "SELECT * FROM messages WHERE thread_id = ? AND sender_id = ? AND client_msg_id = ?",
            threadId,
            senderId,
            clientMsgId)
        .first(MESSAGE);
  }

  /**
   * One page of history, read as {@code limit + 1} rows in the paging direction so that the extra
   * row tells whether there is more. Without {@code afterSeq} the page is the newest of the range
   * (read descending); with it, the oldest (read ascending).
   */
  MessagePage page(
      Connection c, String threadId, long minSeq, Long beforeSeq, Long afterSeq, int limit)
      throws SQLException {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
    boolean newest = afterSeq == null;
    String sql =
        "SELECT * FROM messages WHERE thread_id = ? AND seq >= ? AND seq < ? AND seq > ? ORDER BY"
            + (newest ? " seq DESC" : " seq ASC")
            + " LIMIT ?";
    List<Message> rows =
        Sql.of(
                c,
                sql,
                threadId,
                minSeq,
                beforeSeq == null ? Long.MAX_VALUE : beforeSeq,
                afterSeq == null ? Long.MIN_VALUE : afterSeq,
                limit + 1)
            .list(MESSAGE);
    boolean hasMore = rows.size() > limit;
    List<Message> page = rows.subList(0, Math.min(limit, rows.size()));
    return new MessagePage(List.copyOf(newest ? page.reversed() : page), hasMore);
  }
}
