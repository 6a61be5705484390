package dev.parley.core.message;

import dev.parley.core.account.Caller;
import dev.parley.core.error.InvalidRequest;
import dev.parley.core.error.NotFound;
import dev.parley.core.limit.RateLimiter;
import dev.parley.core.model.Member;
import dev.parley.core.model.MessageKind;
import dev.parley.core.model.MessagePage;
import dev.parley.core.model.PageLimit;
import dev.parley.core.notify.NotificationTasks;
import dev.parley.core.port.IdSource;
import dev.parley.core.port.Telemetry;
import dev.parley.core.realtime.Realtime;
import dev.parley.core.store.Appended;
import dev.parley.core.store.MessageDraft;
import dev.parley.core.store.Store;
import java.time.Clock;
import java.util.List;

/**
 * Sending and reading messages. A send is answered only after the message (and its notification
 * task) is durably stored; the realtime event follows, and a lost event costs only latency.
 */
public final class MessageService {

  private final Store store;
  private final Realtime realtime;
  private final IdSource ids;
  private final Clock clock;
  private final Telemetry telemetry;
  private final RateLimiter sends;

  public MessageService(
      Store store,
      Realtime realtime,
      IdSource ids,
      Clock clock,
      Telemetry telemetry,
      RateLimiter sends) {
    this.store = store;
    this.realtime = realtime;
    this.ids = ids;
    this.clock = clock;
    this.telemetry = telemetry;
    this.sends = sends;
  }

  /**
   * Stores and publishes a text message; a repeat of its client_msg_id returns the original.
   *
   * @param connectionId the WebSocket that sent it (it gets an ack, not the event), or null
   */
  public Appended send(
      Caller caller, String threadId, String body, String clientMsgId, String connectionId) {
    MessageRules.clientMsgId(clientMsgId);
    MessageRules.body(body);
    sends.acquire(caller.userId());
    MessageDraft draft =
        new MessageDraft(
            ids.next(),
            threadId,
            caller.userId(),
            MessageKind.TEXT,
            body,
            clientMsgId,
            clock.instant());
    Appended appended =
        store.appendMessage(
            draft, message -> List.of(NotificationTasks.fanout(ids.next(), message)));
    if (appended.created()) {
      telemetry.messageStored();
      realtime.message(appended.message(), connectionId);
    }
    return appended;
  }

  /** A page of the history the caller may see: from its joining on. */
  public MessagePage history(
      Caller caller, String threadId, Long beforeSeq, Long afterSeq, Integer rawLimit) {
    int limit = PageLimit.of(rawLimit);
    if ((beforeSeq != null && beforeSeq < 0) || (afterSeq != null && afterSeq < 0)) {
      throw new InvalidRequest("before_seq and after_seq must not be negative");
    }
    Member member = requireMember(threadId, caller.userId());
    return store.messages(threadId, member.joinedSeq(), beforeSeq, afterSeq, limit);
  }

  /** Tells the other members that the caller is typing; nothing is stored. */
  public void typing(Caller caller, String threadId, String connectionId) {
    requireMember(threadId, caller.userId());
    realtime.typing(threadId, caller.userId(), connectionId);
  }

  private Member requireMember(String threadId, String userId) {
    return store.findMember(threadId, userId).orElseThrow(() -> new NotFound("no such thread"));
  }
}
