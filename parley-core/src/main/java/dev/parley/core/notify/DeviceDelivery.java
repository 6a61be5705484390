package dev.parley.core.notify;

import dev.parley.core.model.ChatThread;
import dev.parley.core.model.Device;
import dev.parley.core.model.Member;
import dev.parley.core.model.Message;
import dev.parley.core.model.Platform;
import dev.parley.core.model.User;
import dev.parley.core.port.Notifier;
import dev.parley.core.store.Store;
import dev.parley.core.task.Task;
import dev.parley.core.task.TaskResult;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sends one notification to one device and turns the push service's answer into the task's fate:
 * done, retry (honouring Retry-After), or dead letter. An invalid token deletes the device.
 */
public final class DeviceDelivery {

  private final Store store;
  private final Map<Platform, Notifier> notifiers = new EnumMap<>(Platform.class);

  public DeviceDelivery(Store store, List<Notifier> notifiers) {
    this.store = store;
    for (Notifier notifier : notifiers) {
      this.notifiers.put(notifier.platform(), notifier);
    }
  }

  public TaskResult deliver(Task task) {
    Optional<Device> device = store.findDevice(task.require("device_id"));
    Notification notification = device.map(d -> notification(d, task)).orElse(null);
    if (notification == null) {
      return TaskResult.DONE;
    }
    Notifier notifier = notifiers.get(device.get().platform());
    if (notifier == null) {
      return new TaskResult.Dead("no sender configured for " + device.get().platform().wire());
    }
    return switch (notifier.send(device.get(), notification)) {
      case DeliveryResult.Delivered d -> TaskResult.DONE;
      case DeliveryResult.Retry r -> new TaskResult.Retry(r.reason(), r.retryAfter());
      case DeliveryResult.Failed f -> new TaskResult.Dead(f.reason());
      case DeliveryResult.TokenInvalid t -> {
        store.deleteDevice(device.get().userId(), device.get().id());
        yield TaskResult.DONE;
      }
    };
  }

  /** The notification, or null when it is no longer wanted (left, muted, read meanwhile). */
  private Notification notification(Device device, Task task) {
    String threadId = task.require("thread_id");
    long seq = Long.parseLong(task.require("seq"));
    Optional<Member> member = store.findMember(threadId, device.userId());
    Optional<ChatThread> thread = store.findThread(threadId);
    Optional<Message> message = store.findMessage(threadId, seq);
    if (member.isEmpty() || thread.isEmpty() || message.isEmpty() || member.get().muted()) {
      return null;
    }
    if (member.get().lastReadSeq() >= seq) {
      return null;
    }
    String sender =
        store.findUser(message.get().senderId()).map(User::displayName).orElse("someone");
    long unread = Math.max(0, thread.get().lastSeq() - member.get().lastReadSeq());
    return new Notification(device.userId(), thread.get(), message.get(), sender, unread);
  }
}
