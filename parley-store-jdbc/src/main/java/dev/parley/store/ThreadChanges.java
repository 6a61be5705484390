package dev.parley.store;

import dev.parley.core.error.NotFound;
import dev.parley.core.model.ChatThread;
import dev.parley.core.model.Member;
import dev.parley.core.model.Message;
import dev.parley.core.model.MessageKind;
import dev.parley.core.model.Role;
import dev.parley.core.store.Created;
import dev.parley.core.store.MessageDraft;
import dev.parley.core.store.SystemNote;
import dev.parley.core.store.ThreadChange;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Creating threads and changing their members or title, each in the caller's transaction. A change
 * writes its system message at the next seq like a user message, so the actor's read pointer moves
 * to it too. Concurrent creations of one pair's direct thread keep one (its participant hash is
 * unique); a member change locks the thread first, so concurrent ones apply one after the other.
 */
final class ThreadChanges {
  private final ThreadRows threads;
  private final MessageRows messages;
  private final UserRows users;

  ThreadChanges(ThreadRows threads, MessageRows messages, UserRows users) {
    this.threads = threads;
    this.messages = messages;
    this.users = users;
  }

  Created<ChatThread> createDirect(Connection c, ChatThread thread, List<Member> members)
      throws SQLException {
    if (!threads.insert(c, thread, null)) {
      return new Created<>(existing(c, thread), false);
    }
    for (Member m : members) {
      threads.insertMember(c, m);
    }
    return new Created<>(load(c, thread.id()), true);
  }

  private ChatThread existing(Connection c, ChatThread thread) throws SQLException {
    return threads
        .findByParticipantHash(c, thread.participantHash())
        .orElseThrow(() -> new IllegalStateException("participant hash conflict, no thread"));
  }

  ChatThread createGroup(
      Connection c, ChatThread thread, List<Member> members, MessageDraft created)
      throws SQLException {
    threads.insert(c, thread, created.senderId());
    for (Member m : members) {
      threads.insertMember(c, m);
    }
    messages.append(c, created);
    return load(c, thread.id());
  }

  /** Adds the users that exist and are not members yet; unknown users are skipped like members. */
  ThreadChange add(
      Connection c,
      String threadId,
      List<String> userIds,
      SystemNote note,
      Function<List<String>, String> describe)
      throws SQLException {
    threads.lock(c, threadId);
    ChatThread thread = load(c, threadId);
    if (threads.findMember(c, threadId, note.actorId()).isEmpty()) {
      throw new NotFound("no thread " + threadId + " with member " + note.actorId());
    }
    List<String> added = newcomers(c, threadId, userIds);
    if (added.isEmpty()) {
      return new ThreadChange(thread, List.of(), null);
    }
    Message message = messages.append(c, system(threadId, note, describe.apply(added)));
    for (String userId : added) {
      threads.insertMember(
          c,
          new Member(
              threadId, userId, Role.MEMBER, note.at(), message.seq(), message.seq(), false, null));
    }
    return new ThreadChange(load(c, threadId), added, message);
  }

  /** The given users, in order and once each, that exist and are not members. */
  private List<String> newcomers(Connection c, String threadId, List<String> userIds)
      throws SQLException {
    Set<String> candidates = new LinkedHashSet<>(userIds);
    Set<String> known = new HashSet<>(users.existing(c, candidates));
    threads.findMembers(c, threadId, candidates).forEach(m -> known.remove(m.userId()));
    return candidates.stream().filter(known::contains).toList();
  }

  ThreadChange remove(Connection c, String threadId, String userId, SystemNote note, String body)
      throws SQLException {
    threads.lock(c, threadId);
    ChatThread thread = load(c, threadId);
    if (threads.findMember(c, threadId, userId).isEmpty()) {
      return new ThreadChange(thread, List.of(), null);
    }
    threads.deleteMember(c, threadId, userId);
    if (userId.equals(thread.ownerId())) {
      threads.setOwner(c, threadId, threads.earliestMember(c, threadId).orElse(null));
    }
    Message message = messages.append(c, system(threadId, note, body));
    return new ThreadChange(load(c, threadId), List.of(userId), message);
  }

  ThreadChange rename(Connection c, String threadId, String title, SystemNote note, String body)
      throws SQLException {
    if (!threads.setTitle(c, threadId, title)) {
      throw new NotFound("no thread " + threadId);
    }
    Message message = messages.append(c, system(threadId, note, body));
    return new ThreadChange(load(c, threadId), List.of(), message);
  }

  private ChatThread load(Connection c, String threadId) throws SQLException {
    return threads.find(c, threadId).orElseThrow(() -> new NotFound("no thread " + threadId));
  }

  private static MessageDraft system(String threadId, SystemNote note, String body) {
    return new MessageDraft(
        note.messageId(), threadId, note.actorId(), MessageKind.SYSTEM, body, null, note.at());
  }
}
