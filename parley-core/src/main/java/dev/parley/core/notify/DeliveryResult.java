package dev.parley.core.notify;

import java.time.Duration;

/** A push service's answer to one notification. */
public sealed interface DeliveryResult {

  /** Accepted by the device's push service. */
  record Delivered() implements DeliveryResult {}

  /** A passing failure (timeout, 429, 5xx); {@code retryAfter} may be null. */
  record Retry(String reason, Duration retryAfter) implements DeliveryResult {}

  /** The token or URL is no longer valid: the device is deleted. */
  record TokenInvalid(String reason) implements DeliveryResult {}

  /** A failure that no retry will fix. */
  record Failed(String reason) implements DeliveryResult {}
}
