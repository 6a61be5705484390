package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.model.ChatThread;
import dev.parley.core.model.Device;
import dev.parley.core.model.Message;
import dev.parley.core.model.Platform;
import dev.parley.core.model.Session;
import dev.parley.core.model.User;
import dev.parley.core.store.Appended;
import dev.parley.core.store.MessageDraft;
import dev.parley.core.store.SettingsChange;
import dev.parley.core.store.Store;
import dev.parley.core.store.StoreContractTest;
import dev.parley.core.task.TaskRequest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract on a SQLite file with group commit, plus what only a file can show: it survives a
 * reopen.
 */
class SqliteStoreTest extends StoreContractTest {
  @TempDir Path dataDir;
  private SqliteDatabase db;

  @Override
  protected Store newStore() {
    db = SqliteDatabase.open(dataDir, writes());
    return new JdbcStore(db);
  }

  /** How the database runs writes: the default, group commit. */
  protected SqliteDatabase.Writes writes() {
    return SqliteDatabase.Writes.GROUPED;
  }

  private record TaskRow(String id, String kind, String payload, String status, int attempts) {}

  private TaskRow taskRow(String id) {
    return db.read(
            c ->
                Sql.of(c, "SELECT * FROM tasks WHERE id = ?", id)
                    .first(
                        r ->
                            new TaskRow(
                                r.text("id"),
                                r.text("kind"),
                                r.text("payload"),
                                r.text("status"),
                                r.int32("attempts"))))
        .orElseThrow();
  }

  private long taskCount() {
    return db.read(
        c -> Sql.of(c, "SELECT COUNT(*) AS n FROM tasks").first(r -> r.int64("n")).orElseThrow());
  }

  @Test
  void outboxTasksAreStoredPendingWithTheMessage() {
    User ann = f.user("ann");
    ChatThread t = f.direct(ann, f.user("bob"));

    Appended sent =
        store.appendMessage(
            f.draft(t.id(), ann.id(), "hi", "c-1"),
            m -> List.of(new TaskRequest("task-" + m.seq(), "notify", Map.of("seq", "1"))));
    store.appendMessage(
        f.draft(t.id(), ann.id(), "hi", "c-1"),
        m -> List.of(new TaskRequest("task-again", "notify", Map.of())));

    assertThat(taskRow("task-1"))
        .isEqualTo(new TaskRow("task-1", "notify", "{\"seq\":\"1\"}", "pending", 0));
    assertThat(taskCount()).isEqualTo(1);
    long runAfter =
        db.read(
            c ->
                Sql.of(c, "SELECT run_after FROM tasks")
                    .first(r -> r.int64("run_after"))
                    .orElseThrow());
    assertThat(Instant.ofEpochMilli(runAfter)).isEqualTo(sent.message().createdAt());
  }

  @Test
  void sentMessageEqualsItsStoredCopyWhenTheClockIsFinerThanMillis() {
    User ann = f.user("ann");
    ChatThread t = f.direct(ann, f.user("bob"));
    MessageDraft draft = f.draft(t.id(), ann.id(), "hi", "c-1");
    MessageDraft fine =
        new MessageDraft(
            draft.id(),
            draft.threadId(),
            draft.senderId(),
            draft.kind(),
            draft.body(),
            draft.clientMsgId(),
            draft.createdAt().plusNanos(123_456));

    Message sent = store.appendMessage(fine, m -> List.of()).message();

    assertThat(store.findMessage(t.id(), sent.seq())).contains(sent);
  }

  @Test
  void everythingSurvivesAReopen() {
    User ann = f.user("ann");
    User bob = f.user("bob");
    store.updateLastSeen(ann.id(), f.tick());
    Instant at = f.tick();
    Session session = new Session("hash-1", ann.id(), "dev-1", "phone", at, at, null);
    store.insertSession(session);
    Device device = new Device("d-1", bob.id(), Platform.WEBHOOK, "https://hook.test", f.tick());
    store.insertDevice(device);
    ChatThread direct = f.direct(ann, bob);
    ChatThread group = f.group("G", ann, bob);
    store.appendMessage(
        f.draft(direct.id(), ann.id(), "hi", "c-1"),
        m -> List.of(new TaskRequest("task-1", "notify", Map.of("seq", "1"))));
    f.sendMany(group, bob, 3);
    store.markRead(direct.id(), bob.id(), 1);
    store.updateSettings(group.id(), ann.id(), new SettingsChange(true, true, "the group"));
    var before =
        List.of(
            store.findUser(ann.id()),
            store.findSession("hash-1"),
            store.findDevice("d-1"),
            store.threadsOf(ann.id(), null, 10),
            store.threadsOf(bob.id(), null, 10),
            store.messages(group.id(), 0, null, null, 10),
            store.messages(direct.id(), 0, null, null, 10));

    store.close();
    store = newStore();

    var after =
        List.of(
            store.findUser(ann.id()),
            store.findSession("hash-1"),
            store.findDevice("d-1"),
            store.threadsOf(ann.id(), null, 10),
            store.threadsOf(bob.id(), null, 10),
            store.messages(group.id(), 0, null, null, 10),
            store.messages(direct.id(), 0, null, null, 10));
    assertThat(after).isEqualTo(before);
    assertThat(store.findCredentials("bob")).isPresent();
    assertThat(taskRow("task-1").status()).isEqualTo("pending");
  }
}
