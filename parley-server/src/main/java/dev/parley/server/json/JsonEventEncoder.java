package dev.parley.server.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.model.Message;
import dev.parley.core.model.ThreadSummary;
import dev.parley.core.notify.Notification;
import dev.parley.core.port.EventEncoder;

/** The WebSocket events of API.md, and the webhook body, as UTF-8 JSON bytes. */
public final class JsonEventEncoder implements EventEncoder {

  @Override
  public byte[] message(Message message) {
    ObjectNode node = event("message");
    node.set("message", WireFormat.message(message));
    return Json.bytes(node);
  }

  @Override
  public byte[] thread(ThreadSummary thread) {
    ObjectNode node = event("thread");
    node.set("thread", WireFormat.thread(thread));
    return Json.bytes(node);
  }

  @Override
  public byte[] removed(String threadId) {
    ObjectNode node = event("removed");
    node.put("thread_id", threadId);
    return Json.bytes(node);
  }

  @Override
  public byte[] read(String threadId, String userId, long seq) {
    ObjectNode node = event("read");
    node.put("thread_id", threadId);
    node.put("user_id", userId);
    node.put("seq", seq);
    return Json.bytes(node);
  }

  @Override
  public byte[] typing(String threadId, String userId) {
    ObjectNode node = event("typing");
    node.put("thread_id", threadId);
    node.put("user_id", userId);
    return Json.bytes(node);
  }

  /** The body a webhook device receives. */
  public byte[] webhook(Notification n) {
    ObjectNode node = event("message");
    node.put("thread_id", n.thread().id());
    node.set("message", WireFormat.message(n.message()));
    node.put("unread_count", n.unreadCount());
    node.put("total_unread", n.badge());
    node.put("sender_name", n.senderName());
    node.put("thread_title", n.thread().title());
    return Json.bytes(node);
  }

  private static ObjectNode event(String type) {
    ObjectNode node = Json.object();
    node.put("type", type);
    return node;
  }
}
