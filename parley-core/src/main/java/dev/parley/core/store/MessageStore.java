package dev.parley.core.store;

import dev.parley.core.model.Message;
import dev.parley.core.model.MessagePage;
import dev.parley.core.task.TaskRequest;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** The record of truth: every message of every thread, numbered gap-free per thread. */
public interface MessageStore {

  /**
   * Appends a message in one durable transaction: the next seq of the thread, the thread's {@code
   * lastSeq} and {@code updatedAt}, the sender's read pointer (moved to the new message), and the
   * tasks {@code outbox} asks for, which are stored in the same transaction so that no task is lost
   * between the commit and its queueing. Idempotent on {@code (threadId, senderId, clientMsgId)}: a
   * repeat returns the original message, with {@code created == false}, and stores nothing (not
   * even the tasks).
   *
   * @throws dev.parley.core.error.NotFound when the thread does not exist or the sender is not a
   *     member
   */
  Appended appendMessage(MessageDraft draft, Function<Message, List<TaskRequest>> outbox);

  Optional<Message> findMessage(String threadId, long seq);

  /**
   * A page of messages, ascending by seq, never below {@code minSeq}. With neither cursor: the
   * latest {@code limit}; with {@code beforeSeq}: the latest below it; with {@code afterSeq}: the
   * first above it; with both: the first of the range between. {@code hasMore} says whether more
   * messages exist past the page in the direction of paging (older for the first two cases, newer
   * otherwise).
   */
  MessagePage messages(String threadId, long minSeq, Long beforeSeq, Long afterSeq, int limit);
}
