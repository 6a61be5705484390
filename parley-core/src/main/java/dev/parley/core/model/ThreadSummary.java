package dev.parley.core.model;

import java.util.List;

/** A thread as one member sees it: shared facts, the member's own state, and the last message. */
public record ThreadSummary(
    ChatThread thread, Member self, List<String> participantIds, Message lastMessage) {

  /** Messages after the read pointer sent by others; the sender's pointer moves when it sends. */
  public long unreadCount() {
    return Math.max(0, thread.lastSeq() - self.lastReadSeq());
  }
}
