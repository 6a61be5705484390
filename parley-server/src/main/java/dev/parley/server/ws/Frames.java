package dev.parley.server.ws;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.model.Message;
import dev.parley.server.http.ApiError;
import dev.parley.server.json.Json;
import dev.parley.server.json.WireFormat;

/** The frames the server writes in answer to one connection: ready, ack, pong, error. */
final class Frames {
  private Frames() {}

  static byte[] ready(String userId, String connectionId) {
    ObjectNode node = type("ready");
    node.put("user_id", userId);
    node.put("connection_id", connectionId);
    return Json.bytes(node);
  }

  static byte[] ack(String ref, Message message) {
    ObjectNode node = type("ack");
    node.put("ref", ref);
    node.set("message", WireFormat.message(message));
    return Json.bytes(node);
  }

  static byte[] pong(String ref) {
    ObjectNode node = type("pong");
    node.put("ref", ref);
    return Json.bytes(node);
  }

  static byte[] error(String ref, ApiError error) {
    ObjectNode node = type("error");
    node.put("ref", ref);
    node.put("code", error.code());
    node.put("message", error.message());
    if (error.retryAfterMillis() != null) {
      node.put("retry_after_ms", error.retryAfterMillis());
    }
    return Json.bytes(node);
  }

  private static ObjectNode type(String type) {
    ObjectNode node = Json.object();
    node.put("type", type);
    return node;
  }
}
