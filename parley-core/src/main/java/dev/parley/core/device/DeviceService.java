package dev.parley.core.device;

import dev.parley.core.account.Caller;
import dev.parley.core.error.InvalidRequest;
import dev.parley.core.error.NotFound;
import dev.parley.core.model.Device;
import dev.parley.core.model.Platform;
import dev.parley.core.port.IdSource;
import dev.parley.core.store.Created;
import dev.parley.core.store.DeviceStore;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Devices that receive offline notifications. Only platforms this server can send to are accepted,
 * so that no one registers a token that can never be used.
 */
public final class DeviceService {
  private static final int MAX_TOKEN = 4096;

  /** APNs device tokens are hexadecimal (64 digits today; Apple says the length may grow). */
  private static final Pattern APNS_TOKEN = Pattern.compile("(?:[0-9a-fA-F]{2}){8,}");

  /** FCM registration tokens are URL-safe text, e.g. {@code cXk...:APA91b...}. */
  private static final Pattern FCM_TOKEN = Pattern.compile("[A-Za-z0-9_:.\\-]+");

  private final DeviceStore devices;
  private final Set<Platform> enabled;
  private final IdSource ids;
  private final Clock clock;

  public DeviceService(DeviceStore devices, Set<Platform> enabled, IdSource ids, Clock clock) {
    this.devices = devices;
    this.enabled = Set.copyOf(enabled);
    this.ids = ids;
    this.clock = clock;
  }

  public Created<Device> register(Caller caller, String rawPlatform, String token) {
    Platform platform =
        Platform.fromWire(rawPlatform)
            .orElseThrow(() -> new InvalidRequest("platform must be webhook, apns or fcm"));
    if (!enabled.contains(platform)) {
      throw new InvalidRequest(platform.wire() + " notifications are not configured here");
    }
    validateToken(platform, token);
    Device device = new Device(ids.next(), caller.userId(), platform, token, clock.instant());
    return devices.insertDevice(device);
  }

  public List<Device> list(Caller caller) {
    return devices.devicesOf(caller.userId());
  }

  public void delete(Caller caller, String deviceId) {
    if (!devices.deleteDevice(caller.userId(), deviceId)) {
      throw new NotFound("no such device");
    }
  }

  private static void validateToken(Platform platform, String token) {
    if (token == null || token.isBlank() || token.length() > MAX_TOKEN) {
      throw new InvalidRequest("token must be 1 to " + MAX_TOKEN + " characters");
    }
    switch (platform) {
      case WEBHOOK -> {
        if (!isHttpUrl(token)) {
          throw new InvalidRequest("a webhook token is an http or https URL");
        }
      }
      case APNS -> {
        if (!APNS_TOKEN.matcher(token).matches()) {
          throw new InvalidRequest("an apns token is the device token in hexadecimal");
        }
      }
      case FCM -> {
        if (!FCM_TOKEN.matcher(token).matches()) {
          throw new InvalidRequest("an fcm token is a registration token (A-Z a-z 0-9 _ - : .)");
        }
      }
    }
  }

  private static boolean isHttpUrl(String token) {
    try {
      URI uri = new URI(token);
      String scheme = uri.getScheme();
      return ("http".equals(scheme) || "https".equals(scheme)) && uri.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
