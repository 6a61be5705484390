package dev.parley.core.thread;

import dev.parley.core.account.Caller;
import dev.parley.core.error.Forbidden;
import dev.parley.core.error.InvalidRequest;
import dev.parley.core.error.NotFound;
import dev.parley.core.model.ChatThread;
import dev.parley.core.model.Member;
import dev.parley.core.model.MessageKind;
import dev.parley.core.model.PageLimit;
import dev.parley.core.model.Role;
import dev.parley.core.model.ThreadKind;
import dev.parley.core.model.ThreadPage;
import dev.parley.core.model.ThreadSummary;
import dev.parley.core.model.User;
import dev.parley.core.port.IdSource;
import dev.parley.core.store.Created;
import dev.parley.core.store.MessageDraft;
import dev.parley.core.store.ReadMove;
import dev.parley.core.store.SettingsChange;
import dev.parley.core.store.Store;
import dev.parley.core.store.SystemNote;
import dev.parley.core.store.ThreadChange;
import dev.parley.core.store.ThreadCursor;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Threads and memberships: direct threads (one per pair), groups, settings, read pointers. Every
 * membership or title change writes a system message and tells the members.
 */
public final class ThreadService {

  private final Store store;
  private final ThreadEvents events;
  private final ThreadRules rules;
  private final IdSource ids;
  private final Clock clock;

  public ThreadService(
      Store store, ThreadEvents events, ThreadRules rules, IdSource ids, Clock clock) {
    this.store = store;
    this.events = events;
    this.rules = rules;
    this.ids = ids;
    this.clock = clock;
  }

  /** The direct thread of the caller and one other user; created (true) only the first time. */
  public Created<ThreadSummary> createDirect(Caller caller, List<String> participantIds) {
    Set<String> others = others(caller, participantIds);
    if (others.size() != 1) {
      throw new InvalidRequest("a direct thread has exactly one other participant");
    }
    String other = others.iterator().next();
    requireUsers(others);
    Instant now = clock.instant();
    ChatThread draft =
        new ChatThread(
            ids.next(),
            ThreadKind.DIRECT,
            null,
            null,
            ParticipantHash.of(caller.userId(), other),
            now,
            now,
            0);
    List<Member> members =
        List.of(
            member(draft.id(), caller.userId(), Role.MEMBER, now, 1, 0),
            member(draft.id(), other, Role.MEMBER, now, 1, 0));
    Created<ChatThread> created = store.createDirectThread(draft, members);
    String threadId = created.value().id();
    if (created.created()) {
      events.membersJoined(threadId, Set.of(caller.userId(), other));
    }
    return new Created<>(require(threadId, caller.userId()), created.created());
  }

  /** A new group owned by the caller, who is a member whether listed or not. */
  public ThreadSummary createGroup(Caller caller, List<String> participantIds, String rawTitle) {
    String title = title(rawTitle);
    Set<String> others = others(caller, participantIds);
    if (others.size() + 1 > rules.maxGroupMembers()) {
      throw new InvalidRequest("a group holds at most " + rules.maxGroupMembers() + " members");
    }
    Map<String, User> users = requireUsers(union(others, caller.userId()));
    Instant now = clock.instant();
    String threadId = ids.next();
    ChatThread draft =
        new ChatThread(threadId, ThreadKind.GROUP, title, caller.userId(), null, now, now, 1);
    List<Member> members = new ArrayList<>();
    members.add(member(threadId, caller.userId(), Role.OWNER, now, 1, 1));
    for (String id : others) {
      members.add(member(threadId, id, Role.MEMBER, now, 1, 1));
    }
    String body = SystemText.created(users.get(caller.userId()).displayName(), title);
    store.createGroupThread(draft, members, systemDraft(threadId, caller, body, now));
    events.membersJoined(threadId, union(others, caller.userId()));
    return require(threadId, caller.userId());
  }

  public ThreadSummary get(Caller caller, String threadId) {
    return require(threadId, caller.userId());
  }

  /**
   * Every member's read pointer, so that a client opening a thread can show "seen by" at once;
   * afterwards {@code read} events keep it current.
   */
  public List<Member> members(Caller caller, String threadId) {
    ThreadSummary summary = require(threadId, caller.userId());
    return store.findMembers(threadId, summary.participantIds());
  }

  public ThreadPage list(Caller caller, String before, Integer rawLimit) {
    int limit = PageLimit.of(rawLimit);
    ThreadCursor cursor = ThreadListCursor.decode(before);
    List<ThreadSummary> page = store.threadsOf(caller.userId(), cursor, limit + 1);
    if (page.size() <= limit) {
      return new ThreadPage(page, null);
    }
    List<ThreadSummary> shown = page.subList(0, limit);
    ChatThread last = shown.getLast().thread();
    return new ThreadPage(
        List.copyOf(shown), ThreadListCursor.encode(new ThreadCursor(last.updatedAt(), last.id())));
  }

  public ThreadSummary rename(Caller caller, String threadId, String rawTitle) {
    String title = title(rawTitle);
    requireGroup(require(threadId, caller.userId()));
    User actor = requireUser(caller.userId());
    ThreadChange change =
        store.renameThread(
            threadId, title, note(caller), SystemText.renamed(actor.displayName(), title));
    events.changed(change, Set.of(), null);
    return require(threadId, caller.userId());
  }

  /** Adds users to a group; any member may add. Users already in it are skipped. */
  public ThreadSummary addMembers(Caller caller, String threadId, List<String> userIds) {
    ThreadSummary current = require(threadId, caller.userId());
    requireGroup(current);
    if (userIds == null || userIds.isEmpty()) {
      throw new InvalidRequest("user_ids must name at least one user");
    }
    Set<String> wanted = new LinkedHashSet<>(userIds);
    if (current.participantIds().size() + wanted.size() > rules.maxGroupMembers()
        && newCount(current, wanted) + current.participantIds().size() > rules.maxGroupMembers()) {
      throw new InvalidRequest("a group holds at most " + rules.maxGroupMembers() + " members");
    }
    Map<String, User> users = requireUsers(union(wanted, caller.userId()));
    String actorName = users.get(caller.userId()).displayName();
    Function<List<String>, String> describe =
        added ->
            SystemText.added(
                actorName, added.stream().map(id -> users.get(id).displayName()).toList());
    ThreadChange change = store.addMembers(threadId, List.copyOf(wanted), note(caller), describe);
    events.changed(change, Set.copyOf(change.affectedUserIds()), null);
    return require(threadId, caller.userId());
  }

  /** Removes a member: oneself (leave) or, for the owner, anyone. */
  public void removeMember(Caller caller, String threadId, String userId) {
    ThreadSummary current = require(threadId, caller.userId());
    requireGroup(current);
    boolean leaving = caller.userId().equals(userId);
    if (!leaving && current.self().role() != Role.OWNER) {
      throw new Forbidden("only the owner may remove other members");
    }
    if (!current.participantIds().contains(userId)) {
      throw new NotFound("that user is not a member");
    }
    User actor = requireUser(caller.userId());
    String body =
        leaving
            ? SystemText.left(actor.displayName())
            : SystemText.removed(actor.displayName(), requireUser(userId).displayName());
    ThreadChange change = store.removeMember(threadId, userId, note(caller), body);
    events.changed(change, Set.of(), userId);
  }

  public ThreadSummary updateSettings(
      Caller caller, String threadId, Boolean muted, boolean nicknameSet, String rawNickname) {
    require(threadId, caller.userId());
    String nickname = nicknameSet ? nickname(rawNickname) : null;
    store
        .updateSettings(threadId, caller.userId(), new SettingsChange(muted, nicknameSet, nickname))
        .orElseThrow(ThreadService::notFound);
    ThreadSummary summary = require(threadId, caller.userId());
    events.settingsChanged(caller.userId(), summary);
    return summary;
  }

  /** Moves the caller's read pointer forward to {@code seq}; tells the members when it moved. */
  public void markRead(Caller caller, String threadId, long seq) {
    if (seq < 0) {
      throw new InvalidRequest("seq must not be negative");
    }
    ReadMove move =
        store.markRead(threadId, caller.userId(), seq).orElseThrow(ThreadService::notFound);
    if (move.moved()) {
      events.read(threadId, caller.userId(), move.lastReadSeq());
    }
  }

  /** The member's view of the thread, or 404 for non-members and unknown threads alike. */
  public ThreadSummary require(String threadId, String userId) {
    return store.summary(threadId, userId).orElseThrow(ThreadService::notFound);
  }

  private static NotFound notFound() {
    return new NotFound("no such thread");
  }

  private long newCount(ThreadSummary current, Set<String> wanted) {
    return wanted.stream().filter(id -> !current.participantIds().contains(id)).count();
  }

  private SystemNote note(Caller caller) {
    return new SystemNote(ids.next(), caller.userId(), clock.instant());
  }

  private MessageDraft systemDraft(String threadId, Caller caller, String body, Instant at) {
    return new MessageDraft(
        ids.next(), threadId, caller.userId(), MessageKind.SYSTEM, body, null, at);
  }

  private static Member member(
      String threadId, String userId, Role role, Instant at, long joinedSeq, long readSeq) {
    return new Member(threadId, userId, role, at, joinedSeq, readSeq, false, null);
  }

  private static void requireGroup(ThreadSummary summary) {
    if (!summary.thread().isGroup()) {
      throw new InvalidRequest("only groups have titles and member changes");
    }
  }

  private static Set<String> others(Caller caller, List<String> participantIds) {
    if (participantIds == null) {
      throw new InvalidRequest("participant_ids is required");
    }
    Set<String> others = new LinkedHashSet<>(participantIds);
    others.remove(caller.userId());
    return others;
  }

  private static Set<String> union(Set<String> ids, String id) {
    Set<String> all = new LinkedHashSet<>(ids);
    all.add(id);
    return all;
  }

  private User requireUser(String id) {
    return store.findUser(id).orElseThrow(() -> new NotFound("no such user"));
  }

  private Map<String, User> requireUsers(Set<String> wanted) {
    Map<String, User> found =
        store.findUsers(wanted).stream().collect(Collectors.toMap(User::id, u -> u));
    List<String> unknown = wanted.stream().filter(id -> !found.containsKey(id)).toList();
    if (!unknown.isEmpty()) {
      throw new InvalidRequest("unknown user id: " + String.join(", ", unknown));
    }
    return found;
  }

  private String title(String raw) {
    String title = raw == null ? "" : raw.strip();
    if (title.isEmpty() || title.length() > rules.maxTitleLength() || hasControl(title)) {
      throw new InvalidRequest(
          "title must be 1 to " + rules.maxTitleLength() + " characters, no control characters");
    }
    return title;
  }

  private String nickname(String raw) {
    if (raw == null || raw.strip().isEmpty()) {
      return null;
    }
    String nickname = raw.strip();
    if (nickname.length() > rules.maxNicknameLength() || hasControl(nickname)) {
      throw new InvalidRequest(
          "nickname must be at most " + rules.maxNicknameLength() + " characters");
    }
    return nickname;
  }

  private static boolean hasControl(String s) {
    return s.chars().anyMatch(Character::isISOControl);
  }
}
