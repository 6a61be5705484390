package dev.parley.push;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.notify.Notification;

/**
 * The body of an FCM HTTP v1 {@code messages:send} request: the registration token, a {@code
 * notification} (title and body as {@link PushText}), {@code data} for the app (all values are
 * strings, as FCM wants), and per-platform options that collapse a thread's notifications into one:
 * Android's {@code collapse_key} and tray {@code tag} are the thread id, as is {@code
 * apns-collapse-id} for iOS apps reached through FCM. The badge is the user's total unread count.
 *
 * <pre>{@code
 * {"message": {"token": "...",
 *   "notification": {"title": "Alice", "body": "are we on?"},
 *   "data": {"thread_id": "...", "message_id": "...", "seq": "42", "badge": "3"},
 *   "android": {"collapse_key": "<thread>", "priority": "HIGH",
 *               "notification": {"tag": "<thread>", "notification_count": 3}},
 *   "apns": {"headers": {"apns-collapse-id": "<thread>"},
 *            "payload": {"aps": {"badge": 3, "sound": "default", "thread-id": "<thread>"}}}}}
 * }</pre>
 */
public final class FcmMessage {

  private static final ObjectMapper JSON = new ObjectMapper();

  private FcmMessage() {}

  public static String of(String token, Notification n) {
    PushText text = PushText.of(n);
    String threadId = n.thread().id();
    ObjectNode root = JSON.createObjectNode();
    ObjectNode message = root.putObject("message");
    message.put("token", token);
    ObjectNode notification = message.putObject("notification");
    notification.put("title", text.title());
    notification.put("body", text.body());
    ObjectNode data = message.putObject("data");
    data.put("thread_id", threadId);
    data.put("message_id", n.message().id());
    data.put("seq", Long.toString(n.message().seq()));
    data.put("badge", Long.toString(n.badge()));
    ObjectNode android = message.putObject("android");
    android.put("collapse_key", threadId);
    android.put("priority", "HIGH");
    ObjectNode androidNotification = android.putObject("notification");
    androidNotification.put("tag", threadId);
    androidNotification.put("notification_count", n.badge());
    ObjectNode apns = message.putObject("apns");
    apns.putObject("headers").put("apns-collapse-id", threadId);
    ObjectNode aps = apns.putObject("payload").putObject("aps");
    aps.put("badge", n.badge());
    aps.put("sound", "default");
    aps.put("thread-id", threadId);
    return root.toString();
  }
}
