package dev.parley.server.ops;

import dev.parley.core.model.Device;
import dev.parley.core.model.Platform;
import dev.parley.core.notify.DeliveryResult;
import dev.parley.core.notify.Notification;
import dev.parley.core.port.Notifier;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Notifier} that counts what its inner one does, tagged with the platform: sends accepted,
 * answers to retry, failures (a dead token, or a permanent refusal), and the latency of each send.
 * Dead letters are counted where the task's fate is decided ({@link
 * Metrics#notificationDeadLettered}).
 */
final class NotifierMetrics implements Notifier {
  private final Notifier inner;
  private final Counter sent;
  private final Counter retried;
  private final Counter tokenInvalid;
  private final Counter failed;
  private final Timer latency;

  NotifierMetrics(Notifier inner, MeterRegistry registry) {
    this.inner = inner;
    String platform = inner.platform().wire();
    sent =
        Counter.builder("parley_push_sent")
            .description("notifications the push service (or webhook) accepted")
            .tag("platform", platform)
            .register(registry);
    retried =
        Counter.builder("parley_push_retried")
            .description("sends that failed for now (429, 5xx, timeout, I/O) and are retried")
            .tag("platform", platform)
            .register(registry);
    tokenInvalid = failed(registry, platform, "token_invalid");
    failed = failed(registry, platform, "permanent");
    latency =
        Timer.builder("parley_push_latency")
            .description("time of one send to a push service, answer included")
            .tag("platform", platform)
            .publishPercentiles(0.5, 0.99)
            .register(registry);
  }

  private static Counter failed(MeterRegistry registry, String platform, String kind) {
    return Counter.builder("parley_push_failed")
        .description("sends refused for good: the token is dead (device deleted) or permanent")
        .tag("platform", platform)
        .tag("kind", kind)
        .register(registry);
  }

  @Override
  public Platform platform() {
    return inner.platform();
  }

  @Override
  public DeliveryResult send(Device device, Notification notification) {
    long start = System.nanoTime();
    DeliveryResult result;
    try {
      result = inner.send(device, notification);
    } catch (RuntimeException e) {
      retried.increment();
      throw e;
    } finally {
      latency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }
    switch (result) {
      case DeliveryResult.Delivered d -> sent.increment();
      case DeliveryResult.Retry r -> retried.increment();
      case DeliveryResult.TokenInvalid t -> tokenInvalid.increment();
      case DeliveryResult.Failed f -> failed.increment();
    }
    return result;
  }
}
