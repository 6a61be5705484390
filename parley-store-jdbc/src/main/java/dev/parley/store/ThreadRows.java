package dev.parley.store;

import dev.parley.core.model.ChatThread;
import dev.parley.core.model.Member;
import dev.parley.core.model.Role;
import dev.parley.core.model.ThreadKind;
import dev.parley.core.store.ReadMove;
import dev.parley.core.store.SettingsChange;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The threads and thread_members tables: shared thread facts and each member's own state. */
final class ThreadRows {
  static final RowMapper<ChatThread> THREAD =
      r ->
          new ChatThread(
              r.text("id"),
              ThreadKind.fromWire(r.text("kind")),
              r.text("title"),
              r.text("owner_id"),
              r.text("participant_hash"),
              r.instant("created_at"),
              r.instant("updated_at"),
              r.int64("last_seq"));

  static final RowMapper<Member> MEMBER =
      r ->
          new Member(
              r.text("thread_id"),
              r.text("user_id"),
              Role.valueOf(r.text("role").toUpperCase(Locale.ROOT)),
              r.instant("joined_at"),
              r.int64("joined_seq"),
              r.int64("last_read_seq"),
              r.flag("muted"),
              r.text("nickname"));

  private final Dialect dialect;

  ThreadRows(Dialect dialect) {
    this.dialect = dialect;
  }

  /**
   * Locks the thread row until the commit, where writers run concurrently: a change that reads the
   * thread's members or messages before writing (a send's repeat check, an add's newcomers) then
   * sees every change committed before it, and the next one waits for it. Nothing happens when the
   * thread does not exist (the caller's own lookup says so), nor where writes are serialized.
   */
  void lock(Connection c, String threadId) throws SQLException {
    if (dialect.locksRows()) {
      Sql.of(c, "SELECT id FROM threads WHERE id = ?" + dialect.lockRows(), threadId)
          .first(r -> r.text("id"));
    }
  }

  /**
   * Inserts a thread at seq 0 (its messages set {@code last_seq}); false, and nothing inserted,
   * when another thread has its participant hash.
   */
  boolean insert(Connection c, ChatThread t, String createdBy) throws SQLException {
    return Sql.of(
                c,
                """
                INSERT INTO threads (id, kind, title, owner_id, participant_hash, created_by,
                                     created_at, updated_at, last_seq)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0) ON CONFLICT (participant_hash) DO NOTHING""",
                t.id(),
                t.kind().wire(),
                t.title(),
                t.ownerId(),
                t.participantHash(),
                createdBy,
                t.createdAt(),
                t.updatedAt())
            .update()
        == 1;
  }

  Optional<ChatThread> find(Connection c, String id) throws SQLException {
    return Sql.of(c, "SELECT * FROM threads WHERE id = ?", id).first(THREAD);
  }

  Optional<ChatThread> findByParticipantHash(Connection c, String hash) throws SQLException {
    return Sql.of(c, "SELECT * FROM threads WHERE participant_hash = ?", hash).first(THREAD);
  }

  boolean setTitle(Connection c, String threadId, String title) throws SQLException {
    return Sql.of(c, "UPDATE threads SET title = ? WHERE id = ?", title, threadId).update() == 1;
  }

  /** Makes {@code ownerId} (null: nobody) the owner of the thread, in both tables. */
  void setOwner(Connection c, String threadId, String ownerId) throws SQLException {
    Sql.of(c, "UPDATE threads SET owner_id = ? WHERE id = ?", ownerId, threadId).update();
    Sql.of(
            c,
            """
            UPDATE thread_members SET role = CASE WHEN user_id = ? THEN 'owner' ELSE 'member' END
            WHERE thread_id = ? AND (role = 'owner' OR user_id = ?)""",
            ownerId,
            threadId,
            ownerId)
        .update();
  }

  void insertMember(Connection c, Member m) throws SQLException {
    Sql.of(
            c,
            """
            INSERT INTO thread_members (thread_id, user_id, role, joined_at, joined_seq,
                                        last_read_seq, muted, nickname)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
            m.threadId(),
            m.userId(),
            m.role().name().toLowerCase(Locale.ROOT),
            m.joinedAt(),
            m.joinedSeq(),
            m.lastReadSeq(),
            m.muted(),
            m.nickname())
        .update();
  }

  Optional<Member> findMember(Connection c, String threadId, String userId) throws SQLException {
    return Sql.of(
            c, "SELECT * FROM thread_members WHERE thread_id = ? AND user_id = ?", threadId, userId)
        .first(MEMBER);
  }

  List<Member> findMembers(Connection c, String threadId, Collection<String> userIds)
      throws SQLException {
    return Sql.listIn(
        c,
        "SELECT * FROM thread_members WHERE thread_id = ? AND user_id IN (?)",
        userIds,
        MEMBER,
        threadId);
  }

  /** The earliest joiner (ties: smallest user id), who inherits a group its owner left. */
  Optional<String> earliestMember(Connection c, String threadId) throws SQLException {
    return Sql.of(
            c,
            """
            SELECT user_id FROM thread_members WHERE thread_id = ?
            ORDER BY joined_seq, user_id LIMIT 1""",
            threadId)
        .first(r -> r.text("user_id"));
  }

  List<String> memberIds(Connection c, String threadId) throws SQLException {
    return Sql.of(
            c, "SELECT user_id FROM thread_members WHERE thread_id = ? ORDER BY user_id", threadId)
        .list(r -> r.text("user_id"));
  }

  List<String> memberIds(Connection c, String threadId, String afterUserId, int limit)
      throws SQLException {
    return Sql.of(
            c,
            """
            SELECT user_id FROM thread_members WHERE thread_id = ? AND user_id > ?
            ORDER BY user_id LIMIT ?""",
            threadId,
            afterUserId == null ? "" : afterUserId,
            limit)
        .list(r -> r.text("user_id"));
  }

  List<String> threadIdsOf(Connection c, String userId) throws SQLException {
    return Sql.of(
            c, "SELECT thread_id FROM thread_members WHERE user_id = ? ORDER BY thread_id", userId)
        .list(r -> r.text("thread_id"));
  }

  /** Sum of {@code last_seq - last_read_seq} over the user's memberships (by its index). */
  long unreadTotal(Connection c, String userId) throws SQLException {
    return Sql.of(
            c,
            """
            SELECT CAST(COALESCE(SUM(t.last_seq - m.last_read_seq), 0) AS BIGINT) AS total
            FROM thread_members m JOIN threads t ON t.id = m.thread_id
            WHERE m.user_id = ? AND t.last_seq > m.last_read_seq""",
            userId)
        .first(r -> r.int64("total"))
        .orElse(0L);
  }

  void deleteMember(Connection c, String threadId, String userId) throws SQLException {
    Sql.of(c, "DELETE FROM thread_members WHERE thread_id = ? AND user_id = ?", threadId, userId)
        .update();
  }

  /**
   * Applies the member's own settings change; empty when the user is not a member. The member row
   * is locked while read, so that two changes of different settings both stay.
   */
  Optional<Member> updateSettings(
      Connection c, String threadId, String userId, SettingsChange change) throws SQLException {
    Optional<Member> before =
        Sql.of(
                c,
                "SELECT * FROM thread_members WHERE thread_id = ? AND user_id = ?"
                    + dialect.lockRows(),
                threadId,
                userId)
            .first(MEMBER);
    if (before.isEmpty()) {
      return before;
    }
    Member m = before.get();
    boolean muted = change.muted() == null ? m.muted() : change.muted();
    String nickname = change.nicknameSet() ? change.nickname() : m.nickname();
    Sql.of(
            c,
            "UPDATE thread_members SET muted = ?, nickname = ? WHERE thread_id = ? AND user_id = ?",
            muted,
            nickname,
            threadId,
            userId)
        .update();
    return Optional.of(
        new Member(
            threadId,
            userId,
            m.role(),
            m.joinedAt(),
            m.joinedSeq(),
            m.lastReadSeq(),
            muted,
            nickname));
  }

  /**
   * Moves the read pointer to {@code min(seq, last_seq)} when that is ahead of it. The update
   * repeats the "ahead" test, so a concurrent move further ahead is never undone; when that one
   * wins, the pointer it left is the answer.
   */
  Optional<ReadMove> markRead(Connection c, String threadId, String userId, long seq)
      throws SQLException {
    record Pointer(long lastRead, long lastSeq) {}
    Optional<Pointer> pointer =
        Sql.of(
                c,
                """
                SELECT m.last_read_seq, t.last_seq
                FROM thread_members m JOIN threads t ON t.id = m.thread_id
                WHERE m.thread_id = ? AND m.user_id = ?""",
                threadId,
                userId)
            .first(r -> new Pointer(r.int64("last_read_seq"), r.int64("last_seq")));
    if (pointer.isEmpty()) {
      return Optional.empty();
    }
    long target = Math.min(seq, pointer.get().lastSeq());
    if (target <= pointer.get().lastRead()) {
      return Optional.of(new ReadMove(pointer.get().lastRead(), false));
    }
    int moved =
        Sql.of(
                c,
                """
                UPDATE thread_members SET last_read_seq = ?
                WHERE thread_id = ? AND user_id = ? AND last_read_seq < ?""",
                target,
                threadId,
                userId,
                target)
            .update();
    if (moved == 1) {
      return Optional.of(new ReadMove(target, true));
    }
    return findMember(c, threadId, userId).map(m -> new ReadMove(m.lastReadSeq(), false));
  }
}
