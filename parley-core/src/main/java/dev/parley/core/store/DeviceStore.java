package dev.parley.core.store;

import dev.parley.core.model.Device;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Notification targets of users. */
public interface DeviceStore {

  /** Inserts a device, or returns the user's existing one of the same platform and token. */
  Created<Device> insertDevice(Device device);

  Optional<Device> findDevice(String id);

  List<Device> devicesOf(String userId);

  List<Device> devicesOf(Collection<String> userIds);

  /** Deletes the user's device; false when the user has no such device. */
  boolean deleteDevice(String userId, String deviceId);
}
