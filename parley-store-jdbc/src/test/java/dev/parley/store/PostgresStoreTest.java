package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.model.ChatThread;
import dev.parley.core.model.Member;
import dev.parley.core.model.Message;
import dev.parley.core.model.Session;
import dev.parley.core.model.User;
import dev.parley.core.store.Appended;
import dev.parley.core.store.ReadMove;
import dev.parley.core.store.SettingsChange;
import dev.parley.core.store.Store;
import dev.parley.core.store.StoreContractTest;
import dev.parley.core.store.ThreadChange;
import dev.parley.core.task.TaskRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The store contract on PostgreSQL, plus the races that only concurrent writers can lose (SQLite
 * serializes its writes): each runs a few calls released at once, and again a few rounds.
 */
class PostgresStoreTest extends StoreContractTest {
  private static final int CALLERS = 8;
  private static final int ROUNDS = 5;

  @RegisterExtension static final PostgresExtension pg = new PostgresExtension();

  private PostgresDatabase db;

  @Override
  protected Store newStore() {
    // More connections than the contract's most concurrent callers (20): the pool's bounded wait
    // (2.5 s, by design) must not decide a test on a loaded machine.
    db = pg.open(24);
    return new JdbcStore(db);
  }

  @Test
  void concurrentRepeatsOfOneClientMsgIdStoreOneMessageAndOneTask() throws Exception {
    User ann = f.user("ann");
    ChatThread t = f.direct(ann, f.user("bob"));
    for (int round = 0; round < ROUNDS; round++) {
      String clientMsgId = "c-" + round;
      List<Appended> results =
          concurrently(
              CALLERS,
              n ->
                  store.appendMessage(
                      f.draft(t.id(), ann.id(), "try " + n, clientMsgId),
                      m -> List.of(new TaskRequest("task-" + m.id(), "notify", Map.of()))));

      assertThat(results).filteredOn(Appended::created).hasSize(1);
      Message stored = results.stream().filter(Appended::created).findFirst().get().message();
      assertThat(results).extracting(Appended::message).containsOnly(stored);
      assertThat(stored.seq()).isEqualTo(round + 1);
    }
    assertThat(store.findThread(t.id()).orElseThrow().lastSeq()).isEqualTo(ROUNDS);
    assertThat(count("tasks")).isEqualTo(ROUNDS);
  }

  @Test
  void concurrentAddsOfOneUserAddItOnce() throws Exception {
    User ann = f.user("ann");
    User bob = f.user("bob");
    ChatThread g = f.group("G", ann);

    List<ThreadChange> changes =
        concurrently(
            CALLERS,
            n -> store.addMembers(g.id(), List.of(bob.id()), f.note(ann), added -> "added bob"));

    assertThat(changes).filteredOn(ThreadChange::changed).hasSize(1);
    assertThat(store.memberIds(g.id())).containsExactly(ann.id(), bob.id());
    assertThat(store.findThread(g.id()).orElseThrow().lastSeq()).isEqualTo(2);
  }

  @Test
  void concurrentRemovalsOfOneMemberRemoveItOnce() throws Exception {
    User ann = f.user("ann");
    User bob = f.user("bob");
    ChatThread g = f.group("G", ann, bob);

    List<ThreadChange> changes =
        concurrently(
            CALLERS, n -> store.removeMember(g.id(), bob.id(), f.note(ann), "ann removed bob"));

    assertThat(changes).filteredOn(ThreadChange::changed).hasSize(1);
    assertThat(store.findThread(g.id()).orElseThrow().lastSeq()).isEqualTo(2);
  }

  @Test
  void concurrentReadMarksLeaveTheFurthest() throws Exception {
    User ann = f.user("ann");
    User bob = f.user("bob");
    ChatThread t = f.direct(ann, bob);
    f.sendMany(t, bob, CALLERS * ROUNDS);
    for (int round = 0; round < ROUNDS; round++) {
      int base = round * CALLERS;

      List<Optional<ReadMove>> moves =
          concurrently(CALLERS, n -> store.markRead(t.id(), ann.id(), base + n + 1));

      assertThat(store.findMember(t.id(), ann.id()).orElseThrow().lastReadSeq())
          .isEqualTo(base + CALLERS);
      assertThat(moves)
          .allSatisfy(m -> assertThat(m.orElseThrow().lastReadSeq()).isGreaterThan(base));
    }
  }

  @Test
  void concurrentRevocationsReturnTheSessionOnce() throws Exception {
    User ann = f.user("ann");
    Instant at = f.tick();
    for (int round = 0; round < ROUNDS; round++) {
      String hash = "h-" + round;
      store.insertSession(new Session(hash, ann.id(), "dev", "phone", at, at, null));

      List<Optional<Session>> revoked =
          concurrently(CALLERS, n -> store.revokeSession(hash, at.plusSeconds(n)));

      assertThat(revoked).filteredOn(Optional::isPresent).hasSize(1);
    }
  }

  @Test
  void concurrentChangesOfDifferentSettingsBothStay() throws Exception {
    User ann = f.user("ann");
    ChatThread t = f.direct(ann, f.user("bob"));
    for (int round = 0; round < ROUNDS; round++) {
      String nickname = "nick " + round;
      boolean muted = round % 2 == 0;

      concurrently(
          2,
          n ->
              store.updateSettings(
                  t.id(),
                  ann.id(),
                  n == 0
                      ? new SettingsChange(muted, false, null)
                      : new SettingsChange(null, true, nickname)));

      Member m = store.findMember(t.id(), ann.id()).orElseThrow();
      assertThat(m.muted()).isEqualTo(muted);
      assertThat(m.nickname()).isEqualTo(nickname);
    }
  }

  @Test
  void orderedTextIsInCodePointOrderWhateverTheDatabaseLocale() {
    List<String> collations =
        db.read(
            c ->
                Sql.of(
                        c,
                        """
                        SELECT DISTINCT coalesce(collation_name, 'default') AS collation
                        FROM information_schema.columns
                        WHERE table_schema = current_schema() AND column_name IN
                          ('id', 'username', 'user_id', 'thread_id', 'participant_hash')""")
                    .list(r -> r.text("collation")));

    assertThat(collations).containsExactly("C");
  }

  private long count(String table) {
    return db.read(
        c ->
            Sql.of(c, "SELECT COUNT(*) AS n FROM " + table).first(r -> r.int64("n")).orElseThrow());
  }
}
