package dev.parley.core.notify;

import dev.parley.core.model.Device;
import dev.parley.core.model.Message;
import dev.parley.core.task.Task;
import dev.parley.core.task.TaskRequest;
import java.util.List;
import java.util.Map;

/**
 * The task kinds of offline notifications: the fan-out of one message to its thread's members (in
 * chunks, so a large group is a few tasks), then one delivery per device.
 */
public final class NotificationTasks {
  public static final String FANOUT = "notify.message";
  public static final String MEMBERS = "notify.members";
  public static final String DELIVER = "notify.deliver";

  private NotificationTasks() {}

  public static TaskRequest fanout(String id, Message message) {
    return new TaskRequest(
        id,
        FANOUT,
        Map.of(
            "thread_id", message.threadId(),
            "seq", Long.toString(message.seq()),
            "sender_id", message.senderId()));
  }

  /** Ids derive from the fan-out's, so that a retried fan-out does not queue its chunks twice. */
  static TaskRequest members(Task fanout, int chunk, List<String> userIds) {
    return new TaskRequest(
        fanout.id() + ":" + chunk,
        MEMBERS,
        Map.of(
            "thread_id", fanout.require("thread_id"),
            "seq", fanout.require("seq"),
            "sender_id", fanout.require("sender_id"),
            "user_ids", String.join(",", userIds)));
  }

  static TaskRequest deliver(Message message, Device device) {
    return new TaskRequest(
        "deliver:" + message.threadId() + ":" + message.seq() + ":" + device.id(),
        DELIVER,
        Map.of(
            "thread_id", message.threadId(),
            "seq", Long.toString(message.seq()),
            "device_id", device.id()));
  }
}
