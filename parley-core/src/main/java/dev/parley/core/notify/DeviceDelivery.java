package dev.parley.core.notify;

import dev.parley.core.model.ChatThread;
import dev.parley.core.model.Device;
import dev.parley.core.model.Member;
import dev.parley.core.model.Message;
import dev.parley.core.model.Platform;
import dev.parley.core.model.User;
import dev.parley.core.port.Notifier;
import dev.parley.core.port.Telemetry;
import dev.parley.core.store.Store;
import dev.parley.core.task.RetryPolicy;
import dev.parley.core.task.Task;
import dev.parley.core.task.TaskResult;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sends one notification to one device and turns the push service's answer into the task's fate:
 * done, retry (honouring Retry-After), or dead letter. An invalid token deletes the device. A
 * passing failure on the last attempt the queue's {@link RetryPolicy} allows is a dead letter too,
 * so that every notification given up is counted here, per platform.
 */
public final class DeviceDelivery {

  private final Store store;
  private final Map<Platform, Notifier> notifiers = new EnumMap<>(Platform.class);
  private final RetryPolicy retries;
  private final Telemetry telemetry;

  public DeviceDelivery(
      Store store, List<Notifier> notifiers, RetryPolicy retries, Telemetry telemetry) {
    this.store = store;
    for (Notifier notifier : notifiers) {
      this.notifiers.put(notifier.platform(), notifier);
    }
    this.retries = retries;
    this.telemetry = telemetry;
  }

  public TaskResult deliver(Task task) {
    Optional<Device> device = store.findDevice(task.require("device_id"));
    Notification notification = device.map(d -> notification(d, task)).orElse(null);
    if (notification == null) {
      return TaskResult.DONE;
    }
    Platform platform = device.get().platform();
    Notifier notifier = notifiers.get(platform);
    if (notifier == null) {
      return dead(platform, "no sender configured for " + platform.wire());
    }
    return switch (send(notifier, device.get(), notification)) {
      case DeliveryResult.Delivered d -> TaskResult.DONE;
      case DeliveryResult.Retry r when retries.exhausted(task.attempt()) ->
          dead(platform, "gave up after " + task.attempt() + " attempts: " + r.reason());
      case DeliveryResult.Retry r -> new TaskResult.Retry(r.reason(), r.retryAfter());
      case DeliveryResult.Failed f -> dead(platform, f.reason());
      case DeliveryResult.TokenInvalid t -> {
        store.deleteDevice(device.get().userId(), device.get().id());
        yield TaskResult.DONE;
      }
    };
  }

  /** A notifier that throws has not delivered: that is a passing failure, as a timeout. */
  private static DeliveryResult send(Notifier notifier, Device device, Notification notification) {
    try {
      return notifier.send(device, notification);
    } catch (RuntimeException e) {
      return new DeliveryResult.Retry("error: " + e.getClass().getSimpleName(), null);
    }
  }

  private TaskResult dead(Platform platform, String reason) {
    telemetry.notificationDeadLettered(platform);
    return new TaskResult.Dead(reason);
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
    long badge = Math.max(unread, store.unreadTotal(device.userId()));
    return new Notification(device.userId(), thread.get(), message.get(), sender, unread, badge);
  }
}
