package dev.parley.store;

import dev.parley.core.error.Unavailable;
import dev.parley.core.model.ChatThread;
import dev.parley.core.model.Credentials;
import dev.parley.core.model.Device;
import dev.parley.core.model.Member;
import dev.parley.core.model.Message;
import dev.parley.core.model.MessagePage;
import dev.parley.core.model.Session;
import dev.parley.core.model.ThreadSummary;
import dev.parley.core.model.User;
import dev.parley.core.store.Appended;
import dev.parley.core.store.Created;
import dev.parley.core.store.MessageDraft;
import dev.parley.core.store.ReadMove;
import dev.parley.core.store.SettingsChange;
import dev.parley.core.store.Store;
import dev.parley.core.store.SystemNote;
import dev.parley.core.store.ThreadChange;
import dev.parley.core.store.ThreadCursor;
import dev.parley.core.task.TaskRequest;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@link Store} on a SQL {@link Database} (SQLite or PostgreSQL): each call is one transaction
 * of the table classes beside it. It owns the database: {@link #close()} closes it, so stop the
 * task queue first.
 */
public final class JdbcStore implements Store {
  private final Database db;
  private final UserRows users = new UserRows();
  private final SessionRows sessions = new SessionRows();
  private final DeviceRows devices = new DeviceRows();
  private final MessageRows messages = new MessageRows();
  private final ThreadList threadList = new ThreadList();
  private final ThreadRows threads;
  private final ThreadChanges changes;
  private final Sending sending;

  public JdbcStore(Database db) {
    this.db = db;
    this.threads = new ThreadRows(db.dialect());
    this.changes = new ThreadChanges(threads, messages, users);
    this.sending = new Sending(threads, messages, new TaskRows(db.dialect()));
  }

  @Override
  public boolean isReachable() {
    try {
      return db.read(c -> Sql.of(c, "SELECT 1 AS one").first(r -> r.int32("one")).isPresent());
    } catch (Unavailable e) {
      return false;
    }
  }

  @Override
  public void close() {
    db.close();
  }

  // Users

  @Override
  public void insertUser(User user, String passwordHash) {
    db.write(
        c -> {
          users.insert(c, user, passwordHash);
          return null;
        });
  }

  @Override
  public Optional<User> findUser(String id) {
    return db.read(c -> users.find(c, id));
  }

  @Override
  public Optional<Credentials> findCredentials(String username) {
    return db.read(c -> users.credentials(c, username));
  }

  @Override
  public List<User> findUsers(Collection<String> ids) {
    return db.read(c -> users.findAll(c, ids));
  }

  @Override
  public List<User> searchUsers(String prefix, int limit) {
    return db.read(c -> users.search(c, prefix, limit));
  }

  @Override
  public void updateLastSeen(String userId, Instant at) {
    db.write(
        c -> {
          users.updateLastSeen(c, userId, at);
          return null;
        });
  }

  // Sessions

  @Override
  public void insertSession(Session session) {
    db.write(
        c -> {
          sessions.insert(c, session);
          return null;
        });
  }

  @Override
  public Optional<Session> findSession(String tokenHash) {
    return db.read(c -> sessions.find(c, tokenHash));
  }

  @Override
  public Optional<Session> revokeSession(String tokenHash, Instant at) {
    return db.write(c -> sessions.revoke(c, tokenHash, at));
  }

  // Threads

  @Override
  public Created<ChatThread> createDirectThread(ChatThread thread, List<Member> members) {
    return db.write(c -> changes.createDirect(c, thread, members));
  }

  @Override
  public ChatThread createGroupThread(
      ChatThread thread, List<Member> members, MessageDraft created) {
    return db.write(c -> changes.createGroup(c, thread, members, created));
  }

  @Override
  public Optional<ChatThread> findThread(String id) {
    return db.read(c -> threads.find(c, id));
  }

  @Override
  public Optional<Member> findMember(String threadId, String userId) {
    return db.read(c -> threads.findMember(c, threadId, userId));
  }

  @Override
  public List<Member> findMembers(String threadId, Collection<String> userIds) {
    return db.read(c -> threads.findMembers(c, threadId, userIds));
  }

  @Override
  public List<String> memberIds(String threadId) {
    return db.read(c -> threads.memberIds(c, threadId));
  }

  @Override
  public List<String> memberIds(String threadId, String afterUserId, int limit) {
    return db.read(c -> threads.memberIds(c, threadId, afterUserId, limit));
  }

  @Override
  public List<String> threadIdsOf(String userId) {
    return db.read(c -> threads.threadIdsOf(c, userId));
  }

  @Override
  public long unreadTotal(String userId) {
    return db.read(c -> threads.unreadTotal(c, userId));
  }

  @Override
  public Optional<ThreadSummary> summary(String threadId, String userId) {
    return db.read(c -> threadList.summary(c, threadId, userId));
  }

  @Override
  public List<ThreadSummary> threadsOf(String userId, ThreadCursor before, int limit) {
    return db.read(c -> threadList.threadsOf(c, userId, before, limit));
  }

  @Override
  public ThreadChange addMembers(
      String threadId,
      List<String> userIds,
      SystemNote note,
      Function<List<String>, String> describe) {
    return db.write(c -> changes.add(c, threadId, userIds, note, describe));
  }

  @Override
  public ThreadChange removeMember(String threadId, String userId, SystemNote note, String body) {
    return db.write(c -> changes.remove(c, threadId, userId, note, body));
  }

  @Override
  public ThreadChange renameThread(String threadId, String title, SystemNote note, String body) {
    return db.write(c -> changes.rename(c, threadId, title, note, body));
  }

  @Override
  public Optional<Member> updateSettings(String threadId, String userId, SettingsChange change) {
    return db.write(c -> threads.updateSettings(c, threadId, userId, change));
  }

  @Override
  public Optional<ReadMove> markRead(String threadId, String userId, long seq) {
    return db.write(c -> threads.markRead(c, threadId, userId, seq));
  }

  // Messages

  @Override
  public Appended appendMessage(MessageDraft draft, Function<Message, List<TaskRequest>> outbox) {
    Sending.Sent sent = db.write(c -> sending.send(c, draft, outbox));
    if (sent.tasks() > 0) {
      db.taskSignal().signal();
    }
    return sent.appended();
  }

  @Override
  public Optional<Message> findMessage(String threadId, long seq) {
    return db.read(c -> messages.find(c, threadId, seq));
  }

  @Override
  public MessagePage messages(
      String threadId, long minSeq, Long beforeSeq, Long afterSeq, int limit) {
    return db.read(c -> messages.page(c, threadId, minSeq, beforeSeq, afterSeq, limit));
  }

  // Devices

  @Override
  public Created<Device> insertDevice(Device device) {
    return db.write(c -> devices.insert(c, device));
  }

  @Override
  public Optional<Device> findDevice(String id) {
    return db.read(c -> devices.find(c, id));
  }

  @Override
  public List<Device> devicesOf(String userId) {
    return devicesOf(List.of(userId));
  }

  @Override
  public List<Device> devicesOf(Collection<String> userIds) {
    return db.read(c -> devices.of(c, userIds));
  }

  @Override
  public boolean deleteDevice(String userId, String deviceId) {
    return db.write(c -> devices.delete(c, userId, deviceId));
  }
}
