package dev.parley.core.store;

import dev.parley.core.model.ChatThread;
import dev.parley.core.model.Member;
import dev.parley.core.model.ThreadSummary;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Threads and memberships. Every method that changes more than one row does it in one transaction:
 * a failed call leaves nothing behind.
 */
public interface ThreadStore {

  /**
   * Creates a direct thread with its two members, or returns the thread that already has the same
   * participant hash. Race-safe: two concurrent calls for the same pair create one thread.
   */
  Created<ChatThread> createDirectThread(ChatThread thread, List<Member> members);

  /**
   * Creates a group with its members and its first message, a system message that becomes seq 1.
   * The members are given with {@code joinedSeq = lastReadSeq = 1}.
   */
  ChatThread createGroupThread(ChatThread thread, List<Member> members, MessageDraft created);

  Optional<ChatThread> findThread(String id);

  Optional<Member> findMember(String threadId, String userId);

  /** The members of the thread whose user ids are given (non-members are skipped). */
  List<Member> findMembers(String threadId, Collection<String> userIds);

  /** Every member's user id, ascending. */
  List<String> memberIds(String threadId);

  /** Member user ids ascending, strictly after {@code afterUserId} (null: from the start). */
  List<String> memberIds(String threadId, String afterUserId, int limit);

  /** The ids of every thread the user is a member of. */
  List<String> threadIdsOf(String userId);

  /**
   * The user's unread messages across all its threads: the sum over its memberships of {@code
   * lastSeq - lastReadSeq}, muted threads included (0 for a user with no thread). One query, for
   * the badge of a push notification.
   */
  long unreadTotal(String userId);

  /** One thread as the member sees it, or empty when the user is not a member. */
  Optional<ThreadSummary> summary(String threadId, String userId);

  /**
   * The user's threads, most recent activity first (updatedAt desc, then id desc), strictly after
   * the cursor (null: from the top), at most {@code limit}.
   */
  List<ThreadSummary> threadsOf(String userId, ThreadCursor before, int limit);

  /**
   * Adds the given users who are not yet members. When at least one is added, appends one system
   * message with {@code describe.apply(addedUserIds)} as its body; the added members join at it
   * ({@code joinedSeq = lastReadSeq =} its seq) as {@code MEMBER}s. The actor must be a member.
   *
   * @throws dev.parley.core.error.NotFound when the thread does not exist or the actor is not a
   *     member
   */
  ThreadChange addMembers(
      String threadId,
      List<String> userIds,
      SystemNote note,
      Function<List<String>, String> describe);

  /**
   * Removes a member and appends a system message with {@code body}. When the owner leaves, the
   * remaining member who joined first becomes the owner. Nothing changes (and no message is
   * written) when the user is not a member.
   */
  ThreadChange removeMember(String threadId, String userId, SystemNote note, String body);

  /** Sets a group's title and appends a system message with {@code body}. */
  ThreadChange renameThread(String threadId, String title, SystemNote note, String body);

  /** Changes the member's own settings; empty when the user is not a member. */
  Optional<Member> updateSettings(String threadId, String userId, SettingsChange change);

  /**
   * Moves the member's read pointer to {@code min(seq, lastSeq)} when that is ahead of it; never
   * backwards. Empty when the user is not a member.
   */
  Optional<ReadMove> markRead(String threadId, String userId, long seq);
}
