package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.core.error.NotFound;
import dev.parley.core.error.Unavailable;
import dev.parley.core.model.ChatThread;
import dev.parley.core.model.Message;
import dev.parley.core.model.MessageKind;
import dev.parley.core.model.User;
import dev.parley.core.store.Appended;
import dev.parley.core.store.MessageDraft;
import dev.parley.core.store.StoreFixture;
import dev.parley.core.task.TaskRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's writes under group commit: what one batch of sends does when some of them fail or
 * repeat, and that no send is acknowledged before its commit. A batch is formed on purpose: a write
 * holds the writer thread while the sends queue behind it.
 */
class SqliteGroupCommitStoreTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path dataDir;
  private SqliteDatabase db;
  private JdbcStore store;
  private StoreFixture f;

  @BeforeEach
  void open() {
    db = SqliteDatabase.open(dataDir, SqliteDatabase.Writes.GROUPED);
    store = new JdbcStore(db);
    f = new StoreFixture(store);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      assertThat(latch.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static <T> CompletableFuture<T> async(Supplier<T> call) {
    CompletableFuture<T> outcome = new CompletableFuture<>();
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                outcome.complete(call.get());
              } catch (Throwable e) {
                outcome.completeExceptionally(e);
              }
            });
    return outcome;
  }

  /** A write that ran {@code before} and keeps the writer thread until released. */
  private record Hold(CompletableFuture<Object> outcome, CountDownLatch release) {}

  private Hold holdWriter(Work<?> before) {
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Object> outcome =
        async(
            () ->
                db.write(
                    c -> {
                      before.run(c);
                      running.countDown();
                      awaitQuietly(release);
                      return "held";
                    }));
    awaitQuietly(running);
    return new Hold(outcome, release);
  }

  /** Queues the sends in order behind a held writer, then lets them run as one batch. */
  private List<CompletableFuture<Appended>> oneBatch(List<Supplier<Appended>> sends) {
    long commits = db.groupCommits();
    Hold hold = holdWriter(c -> null);
    List<CompletableFuture<Appended>> outcomes = new ArrayList<>();
    for (Supplier<Appended> send : sends) {
      int queued = db.queuedWrites() + 1;
      outcomes.add(async(send));
      await().atMost(WAIT).until(() -> db.queuedWrites() == queued);
    }
    hold.release().countDown();
    outcomes.forEach(o -> o.handle((v, e) -> null).join());
    assertThat(db.groupCommits() - commits)
        .as("the holder's commit, then the batch's")
        .isEqualTo(2);
    return outcomes;
  }

  private Supplier<Appended> send(ChatThread t, User sender, String clientMsgId) {
    MessageDraft draft = f.draft(t.id(), sender.id(), "from " + sender.username(), clientMsgId);
    return () -> store.appendMessage(draft, m -> List.of());
  }

  private static <T> T value(CompletableFuture<T> f) throws Exception {
    return f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  private static Throwable failure(CompletableFuture<?> f) {
    try {
      Object value = f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      throw new AssertionError("expected a failure, got " + value);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aNonMemberSendFailsAloneAndTheOthersOfItsBatchCommit() throws Exception {
    User ann = f.user("ann");
    User bob = f.user("bob");
    User eve = f.user("eve");
    ChatThread t = f.direct(ann, bob);

    List<CompletableFuture<Appended>> outcomes =
        oneBatch(
            List.of(
                send(t, ann, "c-1"),
                send(t, bob, "c-2"),
                send(t, eve, "c-3"),
                send(t, ann, "c-4"),
                send(t, bob, "c-5")));

    assertThat(failure(outcomes.get(2))).isInstanceOf(NotFound.class);
    List<Long> seqs = new ArrayList<>();
    for (int i : new int[] {0, 1, 3, 4}) {
      Appended appended = value(outcomes.get(i));
      assertThat(appended.created()).isTrue();
      seqs.add(appended.message().seq());
    }
    assertThat(seqs).containsExactly(1L, 2L, 3L, 4L);
    assertThat(store.findThread(t.id()).orElseThrow().lastSeq()).isEqualTo(4);
    assertThat(store.messages(t.id(), 0, null, null, 10).messages())
        .extracting(Message::senderId)
        .containsExactly(ann.id(), bob.id(), ann.id(), bob.id());
  }

  @Test
  void theSameClientMsgIdTwiceInOneBatchStoresOneMessage() throws Exception {
    User ann = f.user("ann");
    ChatThread t = f.direct(ann, f.user("bob"));
    AtomicInteger outboxCalls = new AtomicInteger();
    List<Supplier<Appended>> sends = new ArrayList<>();
    for (String body : List.of("hi", "hi, retried")) {
      MessageDraft draft = f.draft(t.id(), ann.id(), body, "c-same");
      sends.add(
          () ->
              store.appendMessage(
                  draft,
                  m ->
                      List.of(
                          new TaskRequest(
                              "task-" + outboxCalls.incrementAndGet(), "notify", Map.of()))));
    }

    List<CompletableFuture<Appended>> outcomes = oneBatch(sends);

    Appended first = value(outcomes.get(0));
    Appended repeat = value(outcomes.get(1));
    assertThat(first.created()).isTrue();
    assertThat(repeat.created()).isFalse();
    assertThat(repeat.message()).isEqualTo(first.message());
    assertThat(first.message().body()).isEqualTo("hi");
    assertThat(outboxCalls).hasValue(1);
    assertThat(store.findThread(t.id()).orElseThrow().lastSeq()).isEqualTo(1);
    long tasks =
        db.read(
            c ->
                Sql.of(c, "SELECT COUNT(*) AS n FROM tasks")
                    .first(r -> r.int64("n"))
                    .orElseThrow());
    assertThat(tasks).isEqualTo(1);
  }

  @Test
  void aWriteIsNotAcknowledgedWhenTheDatabaseClosesBeforeItsCommit() throws Exception {
    User ann = f.user("ann");
    ChatThread t = f.direct(ann, f.user("bob"));
    Hold hold =
        holdWriter(
            c -> {
              new UserRows().insert(c, f.newUser("cat"), "hash-of-cat");
              return null;
            });
    CompletableFuture<Appended> queued = async(send(t, ann, "c-1"));
    await().atMost(WAIT).until(() -> db.queuedWrites() == 1);

    CompletableFuture<Void> closing = CompletableFuture.runAsync(store::close);
    assertThat(failure(queued)).isInstanceOf(Unavailable.class); // the close has begun
    hold.release().countDown();

    assertThat(failure(hold.outcome())).isInstanceOf(Unavailable.class); // not acknowledged
    closing.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    store = new JdbcStore(db = SqliteDatabase.open(dataDir));
    assertThat(store.findCredentials("cat")).isEmpty();
    assertThat(store.findThread(t.id()).orElseThrow().lastSeq()).isZero();
  }

  @Test
  void twentyThreadsTimesFiftyAppendsGetGapFreeSeqsInSharedCommits() throws Exception {
    User owner = f.user("owner");
    List<User> senders = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      senders.add(f.user("s" + i));
    }
    ChatThread g = f.group("busy", owner, senders.toArray(User[]::new));
    Instant at = f.tick();
    long commits = db.groupCommits();
    CountDownLatch go = new CountDownLatch(1);
    List<Future<List<Long>>> futures = new ArrayList<>();

    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (User sender : senders) {
        futures.add(
            pool.submit(
                () -> {
                  go.await();
                  List<Long> mine = new ArrayList<>();
                  for (int i = 0; i < 50; i++) {
                    MessageDraft draft =
                        new MessageDraft(
                            sender.id() + "-m" + i,
                            g.id(),
                            sender.id(),
                            MessageKind.TEXT,
                            "n" + i,
                            "c" + i,
                            at);
                    mine.add(store.appendMessage(draft, m -> List.of()).message().seq());
                  }
                  return mine;
                }));
      }
      go.countDown();
    }

    List<Long> all = new ArrayList<>();
    for (Future<List<Long>> future : futures) {
      List<Long> mine = future.get();
      assertThat(mine).isSorted();
      all.addAll(mine);
    }
    assertThat(all.stream().sorted().toList())
        .containsExactlyElementsOf(LongStream.rangeClosed(2, 1001).boxed().toList());
    assertThat(store.findThread(g.id()).orElseThrow().lastSeq()).isEqualTo(1001);
    assertThat(store.messages(g.id(), 1, null, null, 2000).messages())
        .extracting(Message::seq)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, 1001).boxed().toList());
    assertThat(db.groupCommits() - commits).as("commits for 1000 appends").isLessThan(1000);
  }
}
