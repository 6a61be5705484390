package dev.parley.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.error.Conflict;
import dev.parley.core.error.NotFound;
import dev.parley.core.model.ChatThread;
import dev.parley.core.model.Credentials;
import dev.parley.core.model.Device;
import dev.parley.core.model.Member;
import dev.parley.core.model.Message;
import dev.parley.core.model.MessageKind;
import dev.parley.core.model.MessagePage;
import dev.parley.core.model.Platform;
import dev.parley.core.model.Role;
import dev.parley.core.model.Session;
import dev.parley.core.model.ThreadKind;
import dev.parley.core.model.ThreadSummary;
import dev.parley.core.model.User;
import dev.parley.core.task.TaskRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Store} adapter must have. An adapter's test extends this class and
 * gives a fresh, empty store per test; the {@code @Nested} groups run against it. Timestamps are
 * whole milliseconds here: adapters may store no finer.
 */
public abstract class StoreContractTest {

  /** A new, empty store; the suite closes it after each test. */
  protected abstract Store newStore();

  protected Store store;
  protected StoreFixture f;

  @BeforeEach
  void openStore() {
    store = newStore();
    f = new StoreFixture(store);
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  void freshStoreIsReachable() {
    assertThat(store.isReachable()).isTrue();
  }

  /** Runs {@code count} calls at once (released together) and returns their results. */
  protected static <T> List<T> concurrently(int count, IntFunctionCall<T> call) throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int n = i;
        Callable<T> task =
            () -> {
              go.await();
              return call.apply(n);
            };
        futures.add(pool.submit(task));
      }
      go.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get());
      }
      return results;
    }
  }

  /** A call numbered 0..count-1 that may throw. */
  @FunctionalInterface
  protected interface IntFunctionCall<T> {
    T apply(int n) throws Exception;
  }

  @Nested
  class Users {
    @Test
    void insertedUserIsFoundByIdAndByUsername() {
      User ann = f.user("ann");

      assertThat(store.findUser(ann.id())).contains(ann);
      assertThat(store.findCredentials("ann")).contains(new Credentials(ann, "hash-of-ann"));
    }

    @Test
    void unknownUserIsNotFound() {
      assertThat(store.findUser("u-nobody")).isEmpty();
      assertThat(store.findCredentials("nobody")).isEmpty();
    }

    @Test
    void usernameIsUnique() {
      User ann = f.user("ann");
      User impostor = new User("u-other", "ann", "Other", f.tick(), null);

      assertThatThrownBy(() -> store.insertUser(impostor, "other-hash"))
          .isInstanceOfSatisfying(
              Conflict.class, e -> assertThat(e.code()).isEqualTo("username_taken"));
      assertThat(store.findUser("u-other")).isEmpty();
      assertThat(store.findCredentials("ann")).contains(new Credentials(ann, "hash-of-ann"));
    }

    @Test
    void findUsersReturnsTheExistingOnes() {
      User ann = f.user("ann");
      User bob = f.user("bob");

      assertThat(store.findUsers(List.of(ann.id(), "u-ghost", bob.id())))
          .containsExactlyInAnyOrder(ann, bob);
      assertThat(store.findUsers(List.of())).isEmpty();
    }

    @Test
    void findUsersTakesLongLists() {
      User ann = f.user("ann");
      User bob = f.user("bob");
      List<String> ids = new ArrayList<>();
      IntStream.range(0, 1200).forEach(i -> ids.add("u-ghost-" + i));
      ids.add(600, ann.id());
      ids.add(bob.id());

      assertThat(store.findUsers(ids)).containsExactlyInAnyOrder(ann, bob);
    }

    @Test
    void searchFindsUsernamePrefixAscendingUpToLimit() {
      for (String name : List.of("carl", "bea", "bob", "bert", "al", "bo")) {
        f.user(name);
      }

      assertThat(usernames(store.searchUsers("b", 10))).containsExactly("bea", "bert", "bo", "bob");
      assertThat(usernames(store.searchUsers("b", 2))).containsExactly("bea", "bert");
      assertThat(usernames(store.searchUsers("bo", 10))).containsExactly("bo", "bob");
      assertThat(usernames(store.searchUsers("bob", 10))).containsExactly("bob");
      assertThat(store.searchUsers("bobby", 10)).isEmpty();
      assertThat(store.searchUsers("z", 10)).isEmpty();
    }

    @Test
    void searchWithEmptyPrefixListsEveryoneAscending() {
      f.user("zed");
      f.user("amy");

      assertThat(usernames(store.searchUsers("", 10))).containsExactly("amy", "zed");
    }

    @Test
    void searchTreatsWildcardsLiterally() {
      for (String name : List.of("a_b", "axb", "a%c", "abc", "a\\d")) {
        f.user(name);
      }

      assertThat(usernames(store.searchUsers("a_", 10))).containsExactly("a_b");
      assertThat(usernames(store.searchUsers("a%", 10))).containsExactly("a%c");
      assertThat(usernames(store.searchUsers("a\\", 10))).containsExactly("a\\d");
    }

    @Test
    void searchHandlesNonAsciiPrefixes() {
      f.user("zoë");
      f.user("zoe");
      f.user("zoëlle");

      assertThat(usernames(store.searchUsers("zoë", 10))).containsExactly("zoë", "zoëlle");
    }

    @Test
    void lastSeenOnlyMovesForward() {
      User ann = f.user("ann");
      Instant early = f.tick();
      Instant late = f.tick();

      store.updateLastSeen(ann.id(), late);
      store.updateLastSeen(ann.id(), early);
      assertThat(store.findUser(ann.id()).orElseThrow().lastSeenAt()).isEqualTo(late);

      Instant later = f.tick();
      store.updateLastSeen(ann.id(), later);
      assertThat(store.findUser(ann.id()).orElseThrow().lastSeenAt()).isEqualTo(later);
    }

    @Test
    void lastSeenOfUnknownUserIsIgnored() {
      store.updateLastSeen("u-ghost", f.tick());

      assertThat(store.findUser("u-ghost")).isEmpty();
    }

    private static List<String> usernames(List<User> users) {
      return users.stream().map(User::username).toList();
    }
  }

  @Nested
  class Sessions {
    private Session session(User user, String tokenHash) {
      Instant at = f.tick();
      return new Session(tokenHash, user.id(), "dev-1", "Ann's phone", at, at, null);
    }

    @Test
    void insertedSessionIsFoundByTokenHash() {
      Session s = session(f.user("ann"), "h1");
      store.insertSession(s);

      assertThat(store.findSession("h1")).contains(s);
      assertThat(store.findSession("h2")).isEmpty();
    }

    @Test
    void revokedSessionIsRevokedOnce() {
      Session s = session(f.user("ann"), "h1");
      store.insertSession(s);
      Instant at = f.tick();

      assertThat(store.revokeSession("h1", at)).contains(s);
      assertThat(store.findSession("h1").orElseThrow().revokedAt()).isEqualTo(at);
      assertThat(store.revokeSession("h1", f.tick())).isEmpty();
      assertThat(store.findSession("h1").orElseThrow().revokedAt()).isEqualTo(at);
    }

    @Test
    void revokingUnknownSessionFindsNothing() {
      assertThat(store.revokeSession("nope", f.tick())).isEmpty();
    }

    @Test
    void sessionsOfOneUserAreIndependent() {
      User ann = f.user("ann");
      store.insertSession(session(ann, "h1"));
      store.insertSession(session(ann, "h2"));

      store.revokeSession("h1", f.tick());

      assertThat(store.findSession("h2").orElseThrow().revoked()).isFalse();
    }
  }

  @Nested
  class DirectThreads {
    @Test
    void directThreadHasBothMembersAndNoOwner() {
      User ann = f.user("ann");
      User bob = f.user("bob");
      f.tick();
      ChatThread draft = f.directDraft("t-1", ann, bob);

      Created<ChatThread> created =
          store.createDirectThread(draft, f.directMembers("t-1", ann, bob));

      assertThat(created.created()).isTrue();
      assertThat(created.value()).isEqualTo(draft);
      assertThat(created.value().ownerId()).isNull();
      assertThat(store.findThread("t-1")).contains(draft);
      assertThat(store.memberIds("t-1")).containsExactly(ann.id(), bob.id());
      assertThat(store.findMember("t-1", bob.id()))
          .contains(new Member("t-1", bob.id(), Role.MEMBER, f.now(), 0, 0, false, null));
    }

    @Test
    void secondCreationForThePairReturnsTheExistingThread() {
      User ann = f.user("ann");
      User bob = f.user("bob");
      ChatThread first = f.direct(ann, bob);

      Created<ChatThread> again =
          store.createDirectThread(
              f.directDraft("t-other", bob, ann), f.directMembers("t-other", bob, ann));

      assertThat(again.created()).isFalse();
      assertThat(again.value()).isEqualTo(first);
      assertThat(store.findThread("t-other")).isEmpty();
      assertThat(store.threadIdsOf(ann.id())).containsExactly(first.id());
    }

    @Test
    void directThreadIsUniquePerPairUnderConcurrentCreation() throws Exception {
      User ann = f.user("ann");
      User bob = f.user("bob");

      List<Created<ChatThread>> results =
          concurrently(
              8,
              n ->
                  store.createDirectThread(
                      f.directDraft("t-" + n, ann, bob), f.directMembers("t-" + n, ann, bob)));

      assertThat(results).filteredOn(Created::created).hasSize(1);
      String winner =
          results.stream().filter(Created::created).findFirst().orElseThrow().value().id();
      assertThat(results).allSatisfy(r -> assertThat(r.value().id()).isEqualTo(winner));
      assertThat(store.threadIdsOf(ann.id())).containsExactly(winner);
      assertThat(store.threadIdsOf(bob.id())).containsExactly(winner);
    }

    @Test
    void unknownThreadHasNothing() {
      User ann = f.user("ann");

      assertThat(store.findThread("t-none")).isEmpty();
      assertThat(store.findMember("t-none", ann.id())).isEmpty();
      assertThat(store.memberIds("t-none")).isEmpty();
      assertThat(store.summary("t-none", ann.id())).isEmpty();
    }
  }

  @Nested
  class Groups {
    @Test
    void groupStartsWithItsSystemMessageAtSeqOne() {
      User ann = f.user("ann");
      User bob = f.user("bob");

      ChatThread g = f.group("Trip", ann, bob);

      assertThat(g.isGroup()).isTrue();
      assertThat(g.title()).isEqualTo("Trip");
      assertThat(g.ownerId()).isEqualTo(ann.id());
      assertThat(g.lastSeq()).isEqualTo(1);
      assertThat(g.participantHash()).isNull();
      assertThat(store.findThread(g.id())).contains(g);
      Message first = store.findMessage(g.id(), 1).orElseThrow();
      assertThat(first.kind()).isEqualTo(MessageKind.SYSTEM);
      assertThat(first.senderId()).isEqualTo(ann.id());
      assertThat(first.clientMsgId()).isNull();
      assertThat(store.findMember(g.id(), ann.id()).orElseThrow().role()).isEqualTo(Role.OWNER);
      assertThat(store.findMember(g.id(), bob.id()).orElseThrow())
          .returns(Role.MEMBER, Member::role)
          .returns(1L, Member::joinedSeq)
          .returns(1L, Member::lastReadSeq);
    }

    @Test
    void failedGroupCreationLeavesNothingBehind() {
      User ann = f.user("ann");
      Instant at = f.tick();
      ChatThread draft = new ChatThread("t-g", ThreadKind.GROUP, "G", ann.id(), null, at, at, 1);
      Member owner = new Member("t-g", ann.id(), Role.OWNER, at, 1, 1, false, null);
      MessageDraft created =
          new MessageDraft("m-1", "t-g", ann.id(), MessageKind.SYSTEM, "created", null, at);

      assertThatThrownBy(() -> store.createGroupThread(draft, List.of(owner, owner), created))
          .isInstanceOf(RuntimeException.class);

      assertThat(store.findThread("t-g")).isEmpty();
      assertThat(store.threadIdsOf(ann.id())).isEmpty();
      assertThat(store.findMessage("t-g", 1)).isEmpty();
    }

    @Test
    void manyGroupsHaveNoParticipantHashConflict() {
      User ann = f.user("ann");

      ChatThread a = f.group("A", ann);
      ChatThread b = f.group("B", ann);

      assertThat(store.threadIdsOf(ann.id())).containsExactlyInAnyOrder(a.id(), b.id());
    }

    @Test
    void memberIdsArePagedAscendingAfterACursor() {
      User owner = f.user("owner");
      ChatThread g = f.group("G", owner, f.user("dan"), f.user("amy"), f.user("cat"));

      assertThat(store.memberIds(g.id())).containsExactly("u-amy", "u-cat", "u-dan", "u-owner");
      assertThat(store.memberIds(g.id(), null, 2)).containsExactly("u-amy", "u-cat");
      assertThat(store.memberIds(g.id(), "u-cat", 2)).containsExactly("u-dan", "u-owner");
      assertThat(store.memberIds(g.id(), "u-owner", 2)).isEmpty();
    }

    @Test
    void findMembersSkipsNonMembers() {
      User ann = f.user("ann");
      User bob = f.user("bob");
      User cat = f.user("cat");
      ChatThread g = f.group("G", ann, bob);

      assertThat(store.findMembers(g.id(), List.of(bob.id(), cat.id(), "u-ghost")))
          .extracting(Member::userId)
          .containsExactly(bob.id());
      assertThat(store.findMembers(g.id(), List.of())).isEmpty();
    }

    @Test
    void addedMembersJoinAtTheSystemMessage() {
      User ann = f.user("ann");
      User bob = f.user("bob");
      User cat = f.user("cat");
      ChatThread g = f.group("G", ann);
      f.send(g, ann, "before");
      SystemNote note = f.note(ann);
      List<List<String>> described = new ArrayList<>();

      ThreadChange change =
          store.addMembers(
              g.id(),
              List.of(bob.id(), cat.id()),
              note,
              added -> {
                described.add(added);
                return "added " + added;
              });

      assertThat(change.changed()).isTrue();
      assertThat(change.affectedUserIds()).containsExactly(bob.id(), cat.id());
      assertThat(described).containsExactly(List.of(bob.id(), cat.id()));
      Message system = change.systemMessage();
      assertThat(system)
          .isEqualTo(
              new Message(
                  note.messageId(),
                  g.id(),
                  3,
                  ann.id(),
                  MessageKind.SYSTEM,
                  "added " + List.of(bob.id(), cat.id()),
                  null,
                  note.at()));
      assertThat(store.findMessage(g.id(), 3)).contains(system);
      assertThat(change.thread().lastSeq()).isEqualTo(3);
      assertThat(change.thread().updatedAt()).isEqualTo(note.at());
      assertThat(store.findMember(g.id(), cat.id()))
          .contains(new Member(g.id(), cat.id(), Role.MEMBER, note.at(), 3, 3, false, null));
      assertThat(store.findMember(g.id(), ann.id()).orElseThrow().lastReadSeq()).isEqualTo(3);
    }

    @Test
    void addMembersSkipsMembersRepeatsAndUnknownUsers() {
      User ann = f.user("ann");
      User bob = f.user("bob");
      User cat = f.user("cat");
      ChatThread g = f.group("G", ann, bob);

      ThreadChange change =
          store.addMembers(
              g.id(),
              List.of(bob.id(), cat.id(), "u-ghost", cat.id(), ann.id()),
              f.note(ann),
              added -> "added " + added);

      assertThat(change.affectedUserIds()).containsExactly(cat.id());
      assertThat(store.memberIds(g.id())).containsExactly(ann.id(), bob.id(), cat.id());
    }

    @Test
    void addingOnlyMembersChangesNothing() {
      User ann = f.user("ann");
      User bob = f.user("bob");
      ChatThread g = f.group("G", ann, bob);

      ThreadChange change =
          store.addMembers(g.id(), List.of(bob.id()), f.note(ann), added -> "added " + added);

      assertThat(change.changed()).isFalse();
      assertThat(change.systemMessage()).isNull();
      assertThat(change.affectedUserIds()).isEmpty();
      assertThat(change.thread()).isEqualTo(g);
      assertThat(store.findThread(g.id())).contains(g);
    }

    @Test
    void addMembersNeedsAnExistingThreadAndAMemberActor() {
      User ann = f.user("ann");
      User bob = f.user("bob");
      User cat = f.user("cat");
      ChatThread g = f.group("G", ann);

      assertThatThrownBy(
              () -> store.addMembers(g.id(), List.of(cat.id()), f.note(bob), added -> "x"))
          .isInstanceOf(NotFound.class);
      assertThatThrownBy(
              () -> store.addMembers("t-none", List.of(cat.id()), f.note(ann), added -> "x"))
          .isInstanceOf(NotFound.class);
      assertThat(store.memberIds(g.id())).containsExactly(ann.id());
      assertThat(store.findThread(g.id())).contains(g);
    }

    @Test
    void removedMemberLeavesWithASystemMessage() {
      User ann = f.user("ann");
      User bob = f.user("bob");
      ChatThread g = f.group("G", ann, bob);
      SystemNote note = f.note(ann);

      ThreadChange change = store.removeMember(g.id(), bob.id(), note, "ann removed bob");

      assertThat(change.affectedUserIds()).containsExactly(bob.id());
      assertThat(change.systemMessage())
          .returns(2L, Message::seq)
          .returns("ann removed bob", Message::body)
          .returns(ann.id(), Message::senderId)
          .returns(MessageKind.SYSTEM, Message::kind);
      assertThat(change.thread().lastSeq()).isEqualTo(2);
      assertThat(change.thread().ownerId()).isEqualTo(ann.id());
      assertThat(store.findMember(g.id(), bob.id())).isEmpty();
      assertThat(store.threadIdsOf(bob.id())).isEmpty();
      assertThat(store.summary(g.id(), bob.id())).isEmpty();
      assertThat(store.findMember(g.id(), ann.id()).orElseThrow().lastReadSeq()).isEqualTo(2);
    }

    @Test
    void removingANonMemberChangesNothing() {
      User ann = f.user("ann");
      User bob = f.user("bob");
      ChatThread g = f.group("G", ann);

      ThreadChange change = store.removeMember(g.id(), bob.id(), f.note(ann), "x");

      assertThat(change).isEqualTo(new ThreadChange(g, List.of(), null));
      assertThat(store.findThread(g.id())).contains(g);
    }

    @Test
    void removingFromAMissingThreadIsNotFound() {
      User ann = f.user("ann");

      assertThatThrownBy(() -> store.removeMember("t-none", ann.id(), f.note(ann), "x"))
          .isInstanceOf(NotFound.class);
    }

    @Test
    void ownerLeavingHandsOwnershipToEarliestMember() {
      User owner = f.user("owner");
      User cat = f.user("cat");
      User bob = f.user("bob");
      User amy = f.user("amy");
      ChatThread g = f.group("G", owner, cat, bob);
      store.addMembers(g.id(), List.of(amy.id()), f.note(owner), added -> "added");

      ThreadChange change = store.removeMember(g.id(), owner.id(), f.note(owner), "owner left");

      assertThat(change.thread().ownerId()).isEqualTo(bob.id());
      assertThat(store.findThread(g.id()).orElseThrow().ownerId()).isEqualTo(bob.id());
      assertThat(store.findMember(g.id(), bob.id()).orElseThrow().role()).isEqualTo(Role.OWNER);
      assertThat(store.findMember(g.id(), cat.id()).orElseThrow().role()).isEqualTo(Role.MEMBER);
      assertThat(store.findMember(g.id(), amy.id()).orElseThrow().role()).isEqualTo(Role.MEMBER);
    }

    @Test
    void ownershipGoesToALaterJoinerWhenOnlyLaterJoinersRemain() {
      User owner = f.user("owner");
      User amy = f.user("amy");
      ChatThread g = f.group("G", owner);
      store.addMembers(g.id(), List.of(amy.id()), f.note(owner), added -> "added");

      ThreadChange change = store.removeMember(g.id(), owner.id(), f.note(owner), "owner left");

      assertThat(change.thread().ownerId()).isEqualTo(amy.id());
      assertThat(store.findMember(g.id(), amy.id()).orElseThrow().role()).isEqualTo(Role.OWNER);
    }

    @Test
    void lastMemberLeavingLeavesAnEmptyGroupWithoutOwner() {
      User owner = f.user("owner");
      ChatThread g = f.group("G", owner);

      ThreadChange change = store.removeMember(g.id(), owner.id(), f.note(owner), "left");

      assertThat(change.thread().ownerId()).isNull();
      assertThat(change.systemMessage().seq()).isEqualTo(2);
      assertThat(store.memberIds(g.id())).isEmpty();
    }

    @Test
    void ownerRemovingSomeoneElseStaysOwner() {
      User owner = f.user("owner");
      User amy = f.user("amy");
      ChatThread g = f.group("G", owner, amy);

      store.removeMember(g.id(), amy.id(), f.note(owner), "removed amy");

      assertThat(store.findThread(g.id()).orElseThrow().ownerId()).isEqualTo(owner.id());
      assertThat(store.findMember(g.id(), owner.id()).orElseThrow().role()).isEqualTo(Role.OWNER);
    }

    @Test
    void renameSetsTheTitleWithASystemMessage() {
      User ann = f.user("ann");
      User bob = f.user("bob");
      ChatThread g = f.group("Old", ann, bob);
      SystemNote note = f.note(bob);

      ThreadChange change = store.renameThread(g.id(), "New", note, "bob renamed it");

      assertThat(change.thread().title()).isEqualTo("New");
      assertThat(change.thread().updatedAt()).isEqualTo(note.at());
      assertThat(change.affectedUserIds()).isEmpty();
      assertThat(change.systemMessage())
          .returns(2L, Message::seq)
          .returns(note.messageId(), Message::id)
          .returns("bob renamed it", Message::body);
      assertThat(store.findThread(g.id()).orElseThrow().title()).isEqualTo("New");
      assertThat(store.findMember(g.id(), bob.id()).orElseThrow().lastReadSeq()).isEqualTo(2);
      assertThat(store.findMember(g.id(), ann.id()).orElseThrow().lastReadSeq()).isEqualTo(1);
    }

    @Test
    void renamingAMissingThreadIsNotFound() {
      User ann = f.user("ann");

      assertThatThrownBy(() -> store.renameThread("t-none", "New", f.note(ann), "x"))
          .isInstanceOf(NotFound.class);
    }
  }

  @Nested
  class Messages {
    @Test
    void messagesAreNumberedInOrderAndMoveTheThread() {
      User ann = f.user("ann");
      User bob = f.user("bob");
      ChatThread t = f.direct(ann, bob);

      MessageDraft draft = f.draft(t.id(), ann.id(), "hi", "c-1");
      Appended first = store.appendMessage(draft, m -> List.of());
      Message second = f.send(t, bob, "hello");

      assertThat(first.created()).isTrue();
      assertThat(first.message())
          .isEqualTo(
              new Message(
                  draft.id(),
                  t.id(),
                  1,
                  ann.id(),
                  MessageKind.TEXT,
                  "hi",
                  "c-1",
                  draft.createdAt()));
      assertThat(second.seq()).isEqualTo(2);
      assertThat(store.findMessage(t.id(), 1)).contains(first.message());
      assertThat(store.findMessage(t.id(), 2)).contains(second);
      assertThat(store.findMessage(t.id(), 3)).isEmpty();
      ChatThread after = store.findThread(t.id()).orElseThrow();
      assertThat(after.lastSeq()).isEqualTo(2);
      assertThat(after.updatedAt()).isEqualTo(second.createdAt());
    }

    @Test
    void textReadsBackExactlyWhateverItsCharacters() {
      User ann = f.user("ann");
      User bob = f.user("bob");
      ChatThread t = f.direct(ann, bob);
      String body =
          "caf\u00e9 \u4f60\u597d \uD83D\uDE00 \u05e9\u05dc\u05d5\u05dd \"quoted\"\n\ttab";

      Message text =
          store
              .appendMessage(f.draft(t.id(), ann.id(), body, "\u00e9-1"), m -> List.of())
              .message();
      Message empty =
          store.appendMessage(f.draft(t.id(), bob.id(), "", "c-2"), m -> List.of()).message();

      assertThat(store.findMessage(t.id(), text.seq()).orElseThrow())
          .returns(body, Message::body)
          .returns("\u00e9-1", Message::clientMsgId);
      assertThat(store.findMessage(t.id(), empty.seq()).orElseThrow().body()).isEmpty();
    }

    @Test
    void repeatedClientMsgIdStoresNothingNew() {
      User ann = f.user("ann");
      User bob = f.user("bob");
      ChatThread t = f.direct(ann, bob);
      AtomicInteger outboxCalls = new AtomicInteger();
      Appended original =
          store.appendMessage(
              f.draft(t.id(), ann.id(), "hi", "c-1"),
              m -> {
                outboxCalls.incrementAndGet();
                return List.of(new TaskRequest("task-1", "notify", Map.of("seq", "1")));
              });

      Appended repeat =
          store.appendMessage(
              f.draft(t.id(), ann.id(), "hi again", "c-1"),
              m -> {
                outboxCalls.incrementAndGet();
                return List.of(new TaskRequest("task-2", "notify", Map.of("seq", "2")));
              });

      assertThat(repeat.created()).isFalse();
      assertThat(repeat.message()).isEqualTo(original.message());
      assertThat(outboxCalls).hasValue(1);
      assertThat(store.findThread(t.id()).orElseThrow())
          .returns(1L, ChatThread::lastSeq)
          .returns(original.message().createdAt(), ChatThread::updatedAt);
      assertThat(store.findMessage(t.id(), 2)).isEmpty();
    }

    @Test
    void clientMsgIdIsScopedToSenderAndThread() {
      User ann = f.user("ann");
      User bob = f.user("bob");
      User cat = f.user("cat");
      ChatThread ab = f.direct(ann, bob);
      ChatThread ac = f.direct(ann, cat);

      store.appendMessage(f.draft(ab.id(), ann.id(), "1", "same"), m -> List.of());
      Appended byBob = store.appendMessage(f.draft(ab.id(), bob.id(), "2", "same"), m -> List.of());
      Appended elsewhere =
          store.appendMessage(f.draft(ac.id(), ann.id(), "3", "same"), m -> List.of());

      assertThat(byBob.created()).isTrue();
      assertThat(byBob.message().seq()).isEqualTo(2);
      assertThat(elsewhere.created()).isTrue();
      assertThat(elsewhere.message().seq()).isEqualTo(1);
    }

    @Test
    void outboxSeesTheStoredMessage() {
      User ann = f.user("ann");
      User bob = f.user("bob");
      ChatThread t = f.direct(ann, bob);
      f.send(t, bob, "first");
      List<Message> seen = new ArrayList<>();

      Appended appended =
          store.appendMessage(
              f.draft(t.id(), ann.id(), "second", "c-2"),
              m -> {
                seen.add(m);
                return List.of();
              });

      assertThat(seen).containsExactly(appended.message());
      assertThat(appended.message().seq()).isEqualTo(2);
    }

    @Test
    void failingOutboxLeavesNothingBehind() {
      User ann = f.user("ann");
      User bob = f.user("bob");
      ChatThread t = f.direct(ann, bob);

      assertThatThrownBy(
              () ->
                  store.appendMessage(
                      f.draft(t.id(), ann.id(), "hi", "c-1"),
                      m -> {
                        throw new IllegalStateException("outbox broke");
                      }))
          .hasMessageContaining("outbox broke");

      assertThat(store.findThread(t.id())).contains(t);
      assertThat(store.findMessage(t.id(), 1)).isEmpty();
      assertThat(store.findMember(t.id(), ann.id()).orElseThrow().lastReadSeq()).isZero();
      assertThat(store.appendMessage(f.draft(t.id(), ann.id(), "hi", "c-1"), m -> List.of()))
          .returns(true, Appended::created);
    }

    @Test
    void onlyMembersMaySend() {
      User ann = f.user("ann");
      User bob = f.user("bob");
      User eve = f.user("eve");
      ChatThread t = f.direct(ann, bob);

      assertThatThrownBy(() -> f.send(t, eve, "let me in")).isInstanceOf(NotFound.class);
      assertThatThrownBy(() -> f.send("t-none", ann.id(), "hello?")).isInstanceOf(NotFound.class);
      assertThat(store.findThread(t.id()).orElseThrow().lastSeq()).isZero();
    }

    @Test
    void twentyConcurrentSendersGetGapFreeSeqs() throws Exception {
      User owner = f.user("owner");
      List<User> senders = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        senders.add(f.user("s" + i));
      }
      ChatThread g = f.group("busy", owner, senders.toArray(User[]::new));

      List<List<Long>> seqs =
          concurrently(
              20,
              n -> {
                List<Long> mine = new ArrayList<>();
                for (int i = 0; i < 25; i++) {
                  mine.add(f.send(g, senders.get(n), n + "/" + i).seq());
                }
                return mine;
              });

      List<Long> all = seqs.stream().flatMap(List::stream).sorted().toList();
      assertThat(all).containsExactlyElementsOf(LongStream.rangeClosed(2, 501).boxed().toList());
      assertThat(seqs).allSatisfy(mine -> assertThat(mine).isSorted());
      assertThat(store.findThread(g.id()).orElseThrow().lastSeq()).isEqualTo(501);
      MessagePage page = store.messages(g.id(), 1, null, null, 1000);
      assertThat(page.messages())
          .extracting(Message::seq)
          .containsExactlyElementsOf(LongStream.rangeClosed(1, 501).boxed().toList());
    }

    @Test
    void historyPagesBothWays() {
      User ann = f.user("ann");
      User bob = f.user("bob");
      ChatThread t = f.direct(ann, bob);
      f.sendMany(t, ann, 10);

      assertPage(store.messages(t.id(), 0, null, null, 3), true, 8, 9, 10);
      assertPage(store.messages(t.id(), 0, 8L, null, 3), true, 5, 6, 7);
      assertPage(store.messages(t.id(), 0, 4L, null, 3), false, 1, 2, 3);
      assertPage(store.messages(t.id(), 0, 2L, null, 3), false, 1);
      assertPage(store.messages(t.id(), 0, null, 0L, 3), true, 1, 2, 3);
      assertPage(store.messages(t.id(), 0, null, 7L, 3), false, 8, 9, 10);
      assertPage(store.messages(t.id(), 0, null, 8L, 3), false, 9, 10);
      assertPage(store.messages(t.id(), 0, null, 10L, 3), false);
      assertPage(store.messages(t.id(), 0, null, null, 10), false, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    }

    @Test
    void historyBetweenTwoCursorsStartsAtTheOldest() {
      User ann = f.user("ann");
      User bob = f.user("bob");
      ChatThread t = f.direct(ann, bob);
      f.sendMany(t, ann, 10);

      assertPage(store.messages(t.id(), 0, 9L, 2L, 3), true, 3, 4, 5);
      assertPage(store.messages(t.id(), 0, 6L, 2L, 3), false, 3, 4, 5);
      assertPage(store.messages(t.id(), 0, 4L, 3L, 3), false);
    }

    @Test
    void minSeqHidesMessagesBeforeJoining() {
      User ann = f.user("ann");
      User bob = f.user("bob");
      ChatThread t = f.direct(ann, bob);
      f.sendMany(t, ann, 10);

      assertPage(store.messages(t.id(), 8, null, null, 5), false, 8, 9, 10);
      assertPage(store.messages(t.id(), 5, 8L, null, 2), true, 6, 7);
      assertPage(store.messages(t.id(), 5, 7L, null, 2), false, 5, 6);
      assertPage(store.messages(t.id(), 5, null, 0L, 2), true, 5, 6);
      assertPage(store.messages(t.id(), 11, null, null, 5), false);
    }

    @Test
    void threadWithoutMessagesHasAnEmptyPage() {
      ChatThread t = f.direct(f.user("ann"), f.user("bob"));

      assertPage(store.messages(t.id(), 0, null, null, 50), false);
      assertPage(store.messages("t-none", 0, null, null, 50), false);
    }

    private static void assertPage(MessagePage page, boolean hasMore, long... seqs) {
      assertThat(page.messages()).extracting(Message::seq).containsExactly(box(seqs));
      assertThat(page.hasMore()).as("hasMore").isEqualTo(hasMore);
    }

    private static Long[] box(long... seqs) {
      return LongStream.of(seqs).boxed().toArray(Long[]::new);
    }
  }

  @Nested
  class ReadPointers {
    @Test
    void senderReadPointerMovesToItsMessage() {
      User ann = f.user("ann");
      User bob = f.user("bob");
      ChatThread t = f.direct(ann, bob);

      f.send(t, bob, "1");
      f.send(t, ann, "2");

      assertThat(store.findMember(t.id(), ann.id()).orElseThrow().lastReadSeq()).isEqualTo(2);
      assertThat(store.findMember(t.id(), bob.id()).orElseThrow().lastReadSeq()).isEqualTo(1);
    }

    @Test
    void readPointerNeverMovesBackwards() {
      User ann = f.user("ann");
      User bob = f.user("bob");
      ChatThread t = f.direct(ann, bob);
      f.sendMany(t, bob, 5);

      assertThat(store.markRead(t.id(), ann.id(), 3)).contains(new ReadMove(3, true));
      assertThat(store.markRead(t.id(), ann.id(), 2)).contains(new ReadMove(3, false));
      assertThat(store.markRead(t.id(), ann.id(), 3)).contains(new ReadMove(3, false));
      assertThat(store.findMember(t.id(), ann.id()).orElseThrow().lastReadSeq()).isEqualTo(3);
    }

    @Test
    void readPointerStopsAtLastSeq() {
      User ann = f.user("ann");
      User bob = f.user("bob");
      ChatThread t = f.direct(ann, bob);
      f.sendMany(t, bob, 4);

      assertThat(store.markRead(t.id(), ann.id(), 99)).contains(new ReadMove(4, true));
      assertThat(store.markRead(t.id(), ann.id(), 99)).contains(new ReadMove(4, false));
    }

    @Test
    void readingAnEmptyThreadMovesNothing() {
      User ann = f.user("ann");
      ChatThread t = f.direct(ann, f.user("bob"));

      assertThat(store.markRead(t.id(), ann.id(), 5)).contains(new ReadMove(0, false));
    }

    @Test
    void nonMemberHasNoReadPointer() {
      User ann = f.user("ann");
      ChatThread t = f.direct(ann, f.user("bob"));

      assertThat(store.markRead(t.id(), "u-eve", 1)).isEmpty();
      assertThat(store.markRead("t-none", ann.id(), 1)).isEmpty();
    }

    @Test
    void unreadCountIsLastSeqMinusReadPointer() {
      User ann = f.user("ann");
      User bob = f.user("bob");
      ChatThread t = f.direct(ann, bob);
      f.sendMany(t, bob, 3);

      assertThat(unread(t, ann)).isEqualTo(3);
      store.markRead(t.id(), ann.id(), 2);
      assertThat(unread(t, ann)).isEqualTo(1);
      f.send(t, ann, "reply");
      assertThat(unread(t, ann)).isZero();
      assertThat(unread(t, bob)).isEqualTo(1);
    }

    @Test
    void unreadTotalSumsEveryThreadOfTheUserMutedIncluded() {
      User ann = f.user("ann");
      User bob = f.user("bob");
      User cid = f.user("cid");
      ChatThread direct = f.direct(ann, bob);
      ChatThread group = f.group("team", bob, ann, cid);
      ChatThread quiet = f.direct(ann, cid);
      assertThat(store.unreadTotal(ann.id())).isZero();

      f.sendMany(direct, bob, 3);
      f.sendMany(group, cid, 2);
      f.sendMany(quiet, cid, 4);
      store.updateSettings(quiet.id(), ann.id(), new SettingsChange(true, false, null));

      assertThat(store.unreadTotal(ann.id())).isEqualTo(9);
      assertThat(store.unreadTotal(bob.id())).isEqualTo(2);
      store.markRead(direct.id(), ann.id(), 2);
      f.send(group, ann, "read up by replying");
      assertThat(store.unreadTotal(ann.id())).isEqualTo(5);
      assertThat(store.unreadTotal(bob.id())).isEqualTo(3);
      assertThat(store.unreadTotal("u-nobody")).isZero();
    }

    private long unread(ChatThread t, User user) {
      return store.summary(t.id(), user.id()).orElseThrow().unreadCount();
    }

    @Test
    void settingsChangeOnlyWhatIsSetAndOnlyForTheMember() {
      User ann = f.user("ann");
      User bob = f.user("bob");
      ChatThread t = f.direct(ann, bob);

      Member muted =
          store
              .updateSettings(t.id(), ann.id(), new SettingsChange(true, false, null))
              .orElseThrow();
      assertThat(muted.muted()).isTrue();
      assertThat(muted.nickname()).isNull();

      Member named =
          store
              .updateSettings(t.id(), ann.id(), new SettingsChange(null, true, "Bobby"))
              .orElseThrow();
      assertThat(named.muted()).isTrue();
      assertThat(named.nickname()).isEqualTo("Bobby");
      assertThat(store.findMember(t.id(), ann.id())).contains(named);

      Member cleared =
          store
              .updateSettings(t.id(), ann.id(), new SettingsChange(false, true, null))
              .orElseThrow();
      assertThat(cleared.muted()).isFalse();
      assertThat(cleared.nickname()).isNull();

      assertThat(store.findMember(t.id(), bob.id()).orElseThrow())
          .returns(false, Member::muted)
          .returns(null, Member::nickname);
      assertThat(store.updateSettings(t.id(), "u-eve", new SettingsChange(true, false, null)))
          .isEmpty();
    }
  }

  @Nested
  class ThreadList {
    @Test
    void summaryShowsThreadSelfParticipantsAndLastMessage() {
      User ann = f.user("ann");
      User bob = f.user("bob");
      User cat = f.user("cat");
      ChatThread g = f.group("G", cat, ann, bob);
      Message last = f.send(g, bob, "latest");

      ThreadSummary s = store.summary(g.id(), ann.id()).orElseThrow();

      assertThat(s.thread()).isEqualTo(store.findThread(g.id()).orElseThrow());
      assertThat(s.self()).isEqualTo(store.findMember(g.id(), ann.id()).orElseThrow());
      assertThat(s.participantIds()).containsExactly(ann.id(), bob.id(), cat.id());
      assertThat(s.lastMessage()).isEqualTo(last);
    }

    @Test
    void newDirectThreadHasNoLastMessage() {
      User ann = f.user("ann");
      ChatThread t = f.direct(ann, f.user("bob"));

      assertThat(store.summary(t.id(), ann.id()).orElseThrow().lastMessage()).isNull();
      assertThat(store.threadsOf(ann.id(), null, 10).getFirst().lastMessage()).isNull();
    }

    @Test
    void summaryOfANonMemberIsEmpty() {
      ChatThread t = f.direct(f.user("ann"), f.user("bob"));

      assertThat(store.summary(t.id(), f.user("eve").id())).isEmpty();
    }

    @Test
    void threadListIsMostRecentFirstWithCursor() {
      User ann = f.user("ann");
      User bob = f.user("bob");
      ChatThread t1 = f.direct(ann, bob);
      ChatThread t2 = f.group("two", ann);
      ChatThread t3 = f.group("three", bob, ann);
      ChatThread t4 = f.group("four", ann);
      f.group("not ann's", bob);
      f.send(t1, bob, "t1 is now the most recent");

      List<ThreadSummary> first = store.threadsOf(ann.id(), null, 3);
      assertThat(ids(first)).containsExactly(t1.id(), t4.id(), t3.id());

      ThreadSummary edge = first.getLast();
      List<ThreadSummary> rest =
          store.threadsOf(
              ann.id(), new ThreadCursor(edge.thread().updatedAt(), edge.thread().id()), 3);
      assertThat(ids(rest)).containsExactly(t2.id());
      assertThat(rest.getFirst().self().userId()).isEqualTo(ann.id());

      ThreadSummary end = rest.getLast();
      assertThat(
              store.threadsOf(
                  ann.id(), new ThreadCursor(end.thread().updatedAt(), end.thread().id()), 3))
          .isEmpty();
    }

    @Test
    void threadListBreaksTiesOnIdDescending() {
      User ann = f.user("ann");
      Instant same = f.tick();
      for (String id : List.of("t-b", "t-d", "t-a", "t-c")) {
        ChatThread draft = new ChatThread(id, ThreadKind.GROUP, id, ann.id(), null, same, same, 0);
        store.createGroupThread(
            draft,
            List.of(new Member(id, ann.id(), Role.OWNER, same, 1, 1, false, null)),
            new MessageDraft("m-" + id, id, ann.id(), MessageKind.SYSTEM, "created", null, same));
      }

      List<ThreadSummary> page = store.threadsOf(ann.id(), null, 2);
      assertThat(ids(page)).containsExactly("t-d", "t-c");
      assertThat(ids(store.threadsOf(ann.id(), new ThreadCursor(same, "t-c"), 10)))
          .containsExactly("t-b", "t-a");
    }

    @Test
    void threadListCarriesEachThreadsOwnParticipantsAndLastMessage() {
      User ann = f.user("ann");
      User bob = f.user("bob");
      User cat = f.user("cat");
      ChatThread ab = f.direct(ann, bob);
      ChatThread ac = f.direct(ann, cat);
      Message toBob = f.send(ab, ann, "to bob");
      Message toCat = f.send(ac, cat, "to ann");

      Map<String, ThreadSummary> byId = new HashMap<>();
      store.threadsOf(ann.id(), null, 10).forEach(s -> byId.put(s.thread().id(), s));

      assertThat(byId.get(ab.id()).participantIds()).containsExactly(ann.id(), bob.id());
      assertThat(byId.get(ab.id()).lastMessage()).isEqualTo(toBob);
      assertThat(byId.get(ac.id()).participantIds()).containsExactly(ann.id(), cat.id());
      assertThat(byId.get(ac.id()).lastMessage()).isEqualTo(toCat);
      assertThat(byId.get(ac.id()).unreadCount()).isEqualTo(1);
    }

    @Test
    void threadIdsOfListsEveryThreadOfTheUser() {
      User ann = f.user("ann");
      User bob = f.user("bob");
      ChatThread a = f.direct(ann, bob);
      ChatThread b = f.group("G", bob, ann);
      f.group("H", bob);

      assertThat(store.threadIdsOf(ann.id())).containsExactlyInAnyOrder(a.id(), b.id());
      assertThat(store.threadIdsOf("u-nobody")).isEmpty();
      assertThat(store.threadsOf("u-nobody", null, 10)).isEmpty();
    }

    private static List<String> ids(List<ThreadSummary> summaries) {
      return summaries.stream().map(s -> s.thread().id()).toList();
    }
  }

  @Nested
  class Devices {
    private Device device(User user, Platform platform, String token) {
      return new Device("d-" + f.id(), user.id(), platform, token, f.tick());
    }

    @Test
    void insertedDeviceIsFound() {
      User ann = f.user("ann");
      Device d = device(ann, Platform.WEBHOOK, "https://example.test/hook");

      assertThat(store.insertDevice(d)).isEqualTo(new Created<>(d, true));
      assertThat(store.findDevice(d.id())).contains(d);
      assertThat(store.devicesOf(ann.id())).containsExactly(d);
      assertThat(store.findDevice("d-none")).isEmpty();
    }

    @Test
    void sameTokenAgainReturnsTheExistingDevice() {
      User ann = f.user("ann");
      Device d = device(ann, Platform.FCM, "tok");
      store.insertDevice(d);

      Created<Device> again = store.insertDevice(device(ann, Platform.FCM, "tok"));

      assertThat(again).isEqualTo(new Created<>(d, false));
      assertThat(store.devicesOf(ann.id())).containsExactly(d);
    }

    @Test
    void sameTokenOnAnotherPlatformOrUserIsAnotherDevice() {
      User ann = f.user("ann");
      User bob = f.user("bob");
      Device d = device(ann, Platform.FCM, "tok");
      Device apns = device(ann, Platform.APNS, "tok");
      Device bobs = device(bob, Platform.FCM, "tok");

      store.insertDevice(d);

      assertThat(store.insertDevice(apns).created()).isTrue();
      assertThat(store.insertDevice(bobs).created()).isTrue();
      assertThat(store.devicesOf(ann.id())).containsExactlyInAnyOrder(d, apns);
      assertThat(store.devicesOf(List.of(ann.id(), bob.id(), "u-ghost")))
          .containsExactlyInAnyOrder(d, apns, bobs);
      assertThat(store.devicesOf(List.of())).isEmpty();
    }

    @Test
    void onlyTheOwnerDeletesADevice() {
      User ann = f.user("ann");
      User bob = f.user("bob");
      Device d = device(ann, Platform.WEBHOOK, "https://example.test/hook");
      store.insertDevice(d);

      assertThat(store.deleteDevice(bob.id(), d.id())).isFalse();
      assertThat(store.findDevice(d.id())).contains(d);
      assertThat(store.deleteDevice(ann.id(), d.id())).isTrue();
      assertThat(store.findDevice(d.id())).isEmpty();
      assertThat(store.deleteDevice(ann.id(), d.id())).isFalse();
    }
  }
}
