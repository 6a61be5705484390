package dev.parley.push.testing;

import dev.parley.core.model.ChatThread;
import dev.parley.core.model.Device;
import dev.parley.core.model.Message;
import dev.parley.core.model.MessageKind;
import dev.parley.core.model.Platform;
import dev.parley.core.model.ThreadKind;
import dev.parley.core.notify.Notification;
import java.time.Instant;

/** Notifications and devices for the push tests. */
public final class Samples {
  public static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  public static final String THREAD_ID = "01m908vh6n2r00k6agv0vfcxec";

  private Samples() {}

  /** Bob's message in his direct thread with the recipient, who has 2 unread there, 5 in all. */
  public static Notification direct(String body) {
    ChatThread thread =
        new ChatThread(THREAD_ID, ThreadKind.DIRECT, null, null, "hash", NOW, NOW, 7);
    Message message =
        new Message(
            "01m908wp1thm8hee7qv4ysr5s4", THREAD_ID, 7, "u2", MessageKind.TEXT, body, "c7", NOW);
    return new Notification("u1", thread, message, "Bob", 2, 5);
  }

  /** Bob's message in the group "Team", 3 unread there, 9 in all. */
  public static Notification group(String body) {
    ChatThread thread =
        new ChatThread(THREAD_ID, ThreadKind.GROUP, "Team", "u2", null, NOW, NOW, 12);
    Message message =
        new Message(
            "01m908wp1thm8hee7qv4ysr5s5", THREAD_ID, 12, "u2", MessageKind.TEXT, body, "c12", NOW);
    return new Notification("u1", thread, message, "Bob", 3, 9);
  }

  public static Device device(Platform platform, String token) {
    return new Device("d-" + platform.wire(), "u1", platform, token, NOW);
  }

  /** A 64-digit hexadecimal token, as APNs hands them out, made from {@code n}. */
  public static String apnsToken(int n) {
    return String.format("%064x", n);
  }
}
