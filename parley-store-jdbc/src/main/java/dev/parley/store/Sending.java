package dev.parley.store;

import dev.parley.core.error.NotFound;
import dev.parley.core.model.Message;
import dev.parley.core.store.Appended;
import dev.parley.core.store.MessageDraft;
import dev.parley.core.task.TaskRequest;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A user's message in one transaction: membership, idempotency, seq, read pointer, outbox. The
 * thread row is locked first (where writers run concurrently), so the repeat check sees any message
 * of a concurrent send that committed before, and a repeated client_msg_id is stored once.
 */
final class Sending {
  private final ThreadRows threads;
  private final MessageRows messages;
  private final TaskRows tasks;

  Sending(ThreadRows threads, MessageRows messages, TaskRows tasks) {
    this.threads = threads;
    this.messages = messages;
    this.tasks = tasks;
  }

  /** What a send did, and how many tasks it stored (the workers are woken only for some). */
  record Sent(Appended appended, int tasks) {}

  Sent send(Connection c, MessageDraft draft, Function<Message, List<TaskRequest>> outbox)
      throws SQLException {
    threads.lock(c, draft.threadId());
    if (threads.findMember(c, draft.threadId(), draft.senderId()).isEmpty()) {
      throw new NotFound("no thread " + draft.threadId() + " with member " + draft.senderId());
    }
    Optional<Message> repeat = original(c, draft);
    if (repeat.isPresent()) {
      return new Sent(new Appended(repeat.get(), false), 0);
    }
    Message message = messages.append(c, draft);
    List<TaskRequest> requested = outbox.apply(message);
    tasks.insert(c, requested, draft.createdAt());
    return new Sent(new Appended(message, true), requested.size());
  }

  private Optional<Message> original(Connection c, MessageDraft draft) throws SQLException {
    if (draft.clientMsgId() == null) {
      return Optional.empty();
    }
    return messages.findByClientMsgId(c, draft.threadId(), draft.senderId(), draft.clientMsgId());
  }
}
