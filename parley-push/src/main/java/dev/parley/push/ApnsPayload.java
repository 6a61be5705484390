package dev.parley.push;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.notify.Notification;

/**
 * The JSON payload of an APNs notification: an alert (title and body as {@link PushText}), the
 * user's total unread count as the badge, the default sound and the thread id (iOS groups a
 * thread's notifications by it), plus Parley's own keys beside {@code aps} so that the app opens
 * the right thread.
 *
 * <pre>{@code
 * {"aps": {"alert": {"title": "Team", "body": "Alice: are we on?"}, "badge": 3,
 *          "sound": "default", "thread-id": "01m9..."},
 *  "thread_id": "01m9...", "message_id": "01m9...", "seq": 42}
 * }</pre>
 */
public final class ApnsPayload {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ApnsPayload() {}

  public static String of(Notification n) {
    PushText text = PushText.of(n);
    ObjectNode root = JSON.createObjectNode();
    ObjectNode aps = root.putObject("aps");
    ObjectNode alert = aps.putObject("alert");
    alert.put("title", text.title());
    alert.put("body", text.body());
    aps.put("badge", n.badge());
    aps.put("sound", "default");
    aps.put("thread-id", n.thread().id());
    root.put("thread_id", n.thread().id());
    root.put("message_id", n.message().id());
    root.put("seq", n.message().seq());
    return root.toString();
  }
}
