package dev.parley.server.ws;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.error.InvalidRequest;
import dev.parley.core.message.MessageService;
import dev.parley.core.realtime.PushService;
import dev.parley.core.store.Appended;
import dev.parley.core.thread.ThreadService;
import dev.parley.server.http.ApiError;
import dev.parley.server.json.Fields;
import dev.parley.server.json.Json;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client frames to service calls: ping, send, typing, read. A refused frame gets an error frame and
 * the connection stays open. Frames that touch the store run on the connection's serial executor,
 * in the order they came.
 */
final class FrameDispatcher {
  private static final Logger log = LoggerFactory.getLogger(FrameDispatcher.class);

  private final MessageService messages;
  private final ThreadService threads;
  private final PushService push;

  FrameDispatcher(MessageService messages, ThreadService threads, PushService push) {
    this.messages = messages;
    this.threads = threads;
    this.push = push;
  }

  void onText(WsConnection conn, byte[] text) {
    push.activity(conn);
    String ref = null;
    try {
      requireUtf8(text);
      ObjectNode node = Json.parseObject(text);
      Fields frame = new Fields(node);
      ref = frame.string("ref");
      dispatch(conn, frame, ref);
    } catch (RuntimeException e) {
      reject(conn, ref, e);
    }
  }

  void onBinary(WsConnection conn) {
    reject(conn, null, new InvalidRequest("binary frames are not supported: send JSON text"));
  }

  private void dispatch(WsConnection conn, Fields frame, String ref) {
    String type = frame.requireString("type");
    switch (type) {
      case "ping" -> conn.send(Frames.pong(ref));
      case "send" -> {
        String threadId = frame.requireString("thread_id");
        String body = frame.requireString("body");
        String clientMsgId = frame.requireString("client_msg_id");
        conn.work.execute(
            () -> guarded(conn, ref, () -> send(conn, ref, threadId, body, clientMsgId)));
      }
      case "typing" -> {
        String threadId = frame.requireString("thread_id");
        conn.work.execute(
            () -> guarded(conn, ref, () -> messages.typing(conn.caller(), threadId, conn.id())));
      }
      case "read" -> {
        String threadId = frame.requireString("thread_id");
        long seq = frame.requireLong("seq");
        conn.work.execute(
            () -> guarded(conn, ref, () -> threads.markRead(conn.caller(), threadId, seq)));
      }
      default -> throw new InvalidRequest("unknown frame type: " + abbreviate(type));
    }
  }

  private void send(
      WsConnection conn, String ref, String threadId, String body, String clientMsgId) {
    Appended appended = messages.send(conn.caller(), threadId, body, clientMsgId, conn.id());
    conn.send(Frames.ack(ref, appended.message()));
  }

  private void guarded(WsConnection conn, String ref, Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      reject(conn, ref, e);
    }
  }

  private void reject(WsConnection conn, String ref, RuntimeException e) {
    ApiError error = ApiError.of(e);
    if (error.isServerFault()) {
      log.error("WebSocket frame of user {} failed", conn.userId(), e);
    }
    conn.send(Frames.error(ref, error));
  }

  /**
   * A text message is UTF-8 (RFC 6455). Decoded leniently, bad bytes would become U+FFFD and a
   * message holding them would be stored as if the client had sent that.
   */
  private static void requireUtf8(byte[] text) {
    try {
      StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(text));
    } catch (CharacterCodingException e) {
      throw new InvalidRequest("a text frame must be UTF-8");
    }
  }

  /** At most 32 characters, without cutting a surrogate pair in two. */
  private static String abbreviate(String s) {
    if (s.length() <= 32) {
      return s;
    }
    int end = Character.isHighSurrogate(s.charAt(31)) ? 31 : 32;
    return s.substring(0, end) + "...";
  }
}
