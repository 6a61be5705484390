package dev.parley.core.thread;

import dev.parley.core.model.ChatThread;
import dev.parley.core.model.Member;
import dev.parley.core.model.Message;
import dev.parley.core.model.ThreadSummary;
import dev.parley.core.realtime.Realtime;
import dev.parley.core.store.Store;
import dev.parley.core.store.ThreadChange;
import java.util.List;
import java.util.Set;

/**
 * Tells members about thread changes. A {@code thread} event carries the receiver's own state
 * (unread count, settings), so it is built per member; the shared parts are read once.
 */
public final class ThreadEvents {

  private final Store store;
  private final Realtime realtime;

  public ThreadEvents(Store store, Realtime realtime) {
    this.store = store;
    this.realtime = realtime;
  }

  /**
   * The members of a new thread: subscribe them and send each its view, then the thread's first
   * message when it has one (a group's "created" line).
   */
  void membersJoined(String threadId, Set<String> joined) {
    store
        .findThread(threadId)
        .ifPresent(
            thread -> {
              broadcast(thread, joined);
              if (thread.lastSeq() > 0) {
                store
                    .findMessage(threadId, thread.lastSeq())
                    .ifPresent(m -> realtime.message(m, null));
              }
            });
  }

  /**
   * A membership or title change: the removed user is unsubscribed first, the new members are
   * subscribed, then the system message and everyone's new view go out.
   */
  void changed(ThreadChange change, Set<String> joined, String removedUserId) {
    if (!change.changed()) {
      return;
    }
    if (removedUserId != null) {
      realtime.removed(removedUserId, change.thread().id());
    }
    ChatThread thread = store.findThread(change.thread().id()).orElse(change.thread());
    broadcast(thread, joined);
    realtime.message(change.systemMessage(), null);
  }

  void settingsChanged(String userId, ThreadSummary summary) {
    realtime.thread(userId, summary);
  }

  void read(String threadId, String userId, long seq) {
    realtime.read(threadId, userId, seq);
  }

  private void broadcast(ChatThread thread, Set<String> joined) {
    List<String> participants = store.memberIds(thread.id());
    Message last =
        thread.lastSeq() > 0 ? store.findMessage(thread.id(), thread.lastSeq()).orElse(null) : null;
    for (Member member : store.findMembers(thread.id(), participants)) {
      ThreadSummary view = new ThreadSummary(thread, member, participants, last);
      if (joined.contains(member.userId())) {
        realtime.joined(member.userId(), view);
      } else {
        realtime.thread(member.userId(), view);
      }
    }
  }
}
