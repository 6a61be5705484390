package dev.parley.core.store;

import dev.parley.core.model.ChatThread;
import dev.parley.core.model.Member;
import dev.parley.core.model.Message;
import dev.parley.core.model.MessageKind;
import dev.parley.core.model.Role;
import dev.parley.core.model.ThreadKind;
import dev.parley.core.model.User;
import dev.parley.core.testing.MutableClock;
import dev.parley.core.testing.SequentialIds;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Makes users, threads and messages in a store the way the services do, with readable ids ("u-ann")
 * and a clock that moves one second per write, so that each test states only what it is about.
 */
public final class StoreFixture {
  private final Store store;
  private final MutableClock clock;
  private final SequentialIds ids = new SequentialIds("x");

  public StoreFixture(Store store) {
    this(store, MutableClock.at("2026-03-01T10:00:00Z"));
  }

  /** A fixture on a clock the test shares with something else, e.g. a task queue. */
  public StoreFixture(Store store, MutableClock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** Moves the clock one second on and returns the new time (millisecond precision). */
  public Instant tick() {
    clock.advance(Duration.ofSeconds(1));
    return clock.instant();
  }

  public Instant now() {
    return clock.instant();
  }

  public String id() {
    return ids.next();
  }

  public User newUser(String username) {
    return new User("u-" + username, username, "The " + username, tick(), null);
  }

  public User user(String username) {
    User user = newUser(username);
    store.insertUser(user, "hash-of-" + username);
    return user;
  }

  public static String pairHash(String a, String b) {
    return a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a;
  }

  public ChatThread directDraft(String threadId, User a, User b) {
    Instant at = now();
    return new ChatThread(
        threadId, ThreadKind.DIRECT, null, null, pairHash(a.id(), b.id()), at, at, 0);
  }

  public List<Member> directMembers(String threadId, User a, User b) {
    Instant at = now();
    return Stream.of(a, b)
        .map(u -> new Member(threadId, u.id(), Role.MEMBER, at, 0, 0, false, null))
        .toList();
  }

  public ChatThread direct(User a, User b) {
    tick();
    String threadId = "t-" + id();
    return store
        .createDirectThread(directDraft(threadId, a, b), directMembers(threadId, a, b))
        .value();
  }

  /** A group created by {@code owner}, with the others as members, as the service makes it. */
  public ChatThread group(String title, User owner, User... others) {
    Instant at = tick();
    String threadId = "t-" + id();
    ChatThread draft =
        new ChatThread(threadId, ThreadKind.GROUP, title, owner.id(), null, at, at, 1);
    List<Member> members = new ArrayList<>();
    members.add(new Member(threadId, owner.id(), Role.OWNER, at, 1, 1, false, null));
    for (User u : others) {
      members.add(new Member(threadId, u.id(), Role.MEMBER, at, 1, 1, false, null));
    }
    MessageDraft created =
        new MessageDraft(
            id(), threadId, owner.id(), MessageKind.SYSTEM, "created " + title, null, at);
    return store.createGroupThread(draft, members, created);
  }

  public MessageDraft draft(String threadId, String senderId, String body, String clientMsgId) {
    return new MessageDraft(
        "m-" + id(), threadId, senderId, MessageKind.TEXT, body, clientMsgId, tick());
  }

  public Message send(ChatThread thread, User sender, String body) {
    return send(thread.id(), sender.id(), body);
  }

  public Message send(String threadId, String senderId, String body) {
    return store
        .appendMessage(draft(threadId, senderId, body, "c-" + id()), m -> List.of())
        .message();
  }

  /** Sends {@code count} messages "1", "2"... and returns them. */
  public List<Message> sendMany(ChatThread thread, User sender, int count) {
    List<Message> sent = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      sent.add(send(thread, sender, String.valueOf(i)));
    }
    return sent;
  }

  public SystemNote note(User actor) {
    return new SystemNote("m-" + id(), actor.id(), tick());
  }
}
