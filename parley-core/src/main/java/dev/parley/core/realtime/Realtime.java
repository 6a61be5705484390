package dev.parley.core.realtime;

import dev.parley.core.model.Message;
import dev.parley.core.model.ThreadSummary;
import dev.parley.core.port.EventEncoder;

/**
 * Publishes what happened to the channels: each event encoded once, its bytes shared by every
 * recipient. Only notifies; the data is already in the store when this runs.
 */
public final class Realtime {

  private final ChannelBus bus;
  private final EventEncoder encoder;

  public Realtime(ChannelBus bus, EventEncoder encoder) {
    this.bus = bus;
    this.encoder = encoder;
  }

  /** A new message to every member's connections but the one that sent it (it gets an ack). */
  public void message(Message message, String exceptConnectionId) {
    bus.publish(
        Channels.thread(message.threadId()),
        Delivery.frameExcept(encoder.message(message), exceptConnectionId));
  }

  /** A thread as this user sees it, to the user's connections. */
  public void thread(String userId, ThreadSummary summary) {
    bus.publish(Channels.user(userId), Delivery.frame(encoder.thread(summary)));
  }

  /** The user joined a thread: subscribe its connections, then tell them. */
  public void joined(String userId, ThreadSummary summary) {
    bus.publish(
        Channels.user(userId),
        Delivery.control(new Control.Subscribe(summary.thread().id()), encoder.thread(summary)));
  }

  /** The user left or was removed: unsubscribe its connections, then tell them. */
  public void removed(String userId, String threadId) {
    bus.publish(
        Channels.user(userId),
        Delivery.control(new Control.Unsubscribe(threadId), encoder.removed(threadId)));
  }

  public void read(String threadId, String userId, long seq) {
    bus.publish(Channels.thread(threadId), Delivery.frame(encoder.read(threadId, userId, seq)));
  }

  public void typing(String threadId, String userId, String exceptConnectionId) {
    bus.publish(
        Channels.thread(threadId),
        Delivery.frameExcept(encoder.typing(threadId, userId), exceptConnectionId));
  }

  /**
   * Drops a revoked session from every node's token cache, then closes its open connections on
   * whichever node holds them.
   */
  public void sessionRevoked(String userId, String sessionId) {
    Delivery revoke = Delivery.control(new Control.CloseSession(sessionId), null);
    bus.publish(Channels.NODES, revoke);
    bus.publish(Channels.user(userId), revoke);
  }
}
