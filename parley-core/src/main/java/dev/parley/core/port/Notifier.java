package dev.parley.core.port;

import dev.parley.core.model.Device;
import dev.parley.core.model.Platform;
import dev.parley.core.notify.DeliveryResult;
import dev.parley.core.notify.Notification;

/** Sends one notification to one device of one platform. Retries belong to the task queue. */
public interface Notifier {
  Platform platform();

  DeliveryResult send(Device device, Notification notification);
}
