package dev.parley.server.ops;

import dev.parley.core.model.Platform;
import dev.parley.core.port.Notifier;
import dev.parley.core.realtime.PushService;
import dev.parley.core.task.TaskQueue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;

/** The Prometheus registry and the meters the server records into. */
public final class Metrics implements dev.parley.core.port.Telemetry {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Counter messagesSent;
  private final Counter framesDelivered;
  private final Counter slowConsumers;

  public Metrics() {
    messagesSent =
        Counter.builder("parley_messages_sent").description("messages stored").register(registry);
    framesDelivered =
        Counter.builder("parley_frames_delivered")
            .description("frames written to WebSockets: events, acks, pongs and errors")
            .register(registry);
    slowConsumers =
        Counter.builder("parley_slow_consumers_closed")
            .description("WebSockets closed with 1013 because they did not read")
            .register(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
  }

  /** Gauges read from live objects (held strongly: a weak gauge reads NaN after a GC). */
  public void watch(PushService push, TaskQueue queue) {
    Gauge.builder("parley_connections", push, PushService::connectionCount)
        .description("open WebSocket connections")
        .strongReference(true)
        .register(registry);
    Gauge.builder("parley_queue_pending", queue, q -> q.stats().pending())
        .description("tasks waiting in the queue")
        .strongReference(true)
        .register(registry);
    Gauge.builder("parley_queue_dead_letters", queue, q -> q.stats().deadLettered())
        .description("tasks that exhausted their retries")
        .strongReference(true)
        .register(registry);
    Gauge.builder("parley_queue_retries", queue, q -> q.stats().retried())
        .description("task attempts that failed and were rescheduled")
        .strongReference(true)
        .register(registry);
    Gauge.builder("parley_queue_completed", queue, q -> q.stats().completed())
        .description("tasks completed")
        .strongReference(true)
        .register(registry);
  }

  @Override
  public void messageStored() {
    messagesSent.increment();
  }

  /** The notifier, counting its sends per platform; its dead-letter count starts at 0 too. */
  public Notifier instrument(Notifier notifier) {
    deadLettered(notifier.platform());
    return new NotifierMetrics(notifier, registry);
  }

  @Override
  public void notificationDeadLettered(Platform platform) {
    deadLettered(platform).increment();
  }

  private Counter deadLettered(Platform platform) {
    return Counter.builder("parley_push_dead_lettered")
        .description("notifications given up: refused for good, or out of attempts")
        .tag("platform", platform.wire())
        .register(registry);
  }

  public void slowConsumerClosed() {
    slowConsumers.increment();
  }

  public void frameDelivered() {
    framesDelivered.increment();
  }

  public void httpRequest(String method, int status, long nanos) {
    Timer.builder("parley_http_requests")
        .description("HTTP request latency")
        .tag("method", method)
        .tag("status", (status / 100) + "xx")
        .publishPercentiles(0.5, 0.99)
        .register(registry)
        .record(Duration.ofNanos(nanos));
  }

  public String scrape() {
    return registry.scrape();
  }
}
