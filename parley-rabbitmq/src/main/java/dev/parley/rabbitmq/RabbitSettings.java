package dev.parley.rabbitmq;

import java.time.Duration;
import java.util.Objects;

/**
 * Where and how {@link RabbitTaskQueue} connects: {@link #of} fills in the defaults and the {@code
 * with*} methods change one of them.
 *
 * @param amqpUrl e.g. {@code amqp://guest:guest@127.0.0.1:5672}
 * @param namespace the prefix of every queue name, so that clusters sharing a broker never meet
 * @param prefetch how many unacknowledged deliveries the broker hands this node at once
 * @param workers how many handlers run at once
 * @param confirmTimeout the longest a publish waits for the broker's confirm, reconnection included
 * @param recoveryInterval the pause before each reconnection attempt
 * @param delays the retry buckets
 */
public record RabbitSettings(
    String amqpUrl,
    String namespace,
    int prefetch,
    int workers,
    Duration confirmTimeout,
    Duration recoveryInterval,
    DelayLadder delays) {
  public static final int DEFAULT_PREFETCH = 16;
  public static final int DEFAULT_WORKERS = 8;
  public static final Duration DEFAULT_CONFIRM_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_RECOVERY_INTERVAL = Duration.ofSeconds(1);

  public RabbitSettings {
    if (amqpUrl == null || amqpUrl.isBlank()) {
      throw new IllegalArgumentException("an AMQP URL is required");
    }
    Objects.requireNonNull(confirmTimeout, "confirmTimeout");
    Objects.requireNonNull(recoveryInterval, "recoveryInterval");
    new Topology(namespace, Objects.requireNonNull(delays, "delays")); // checks the namespace
    if (prefetch < 1 || prefetch > 65_535) {
      throw new IllegalArgumentException("prefetch must be 1-65535, was " + prefetch);
    }
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1, was " + workers);
    }
    if (confirmTimeout.toMillis() < 1 || recoveryInterval.toMillis() < 1) {
      throw new IllegalArgumentException("timeouts must be at least 1 ms");
    }
  }

  public static RabbitSettings of(String amqpUrl, String namespace) {
    return new RabbitSettings(
        amqpUrl,
        namespace,
        DEFAULT_PREFETCH,
        DEFAULT_WORKERS,
        DEFAULT_CONFIRM_TIMEOUT,
        DEFAULT_RECOVERY_INTERVAL,
        DelayLadder.defaults());
  }

  public RabbitSettings withPrefetch(int value) {
    return new RabbitSettings(
        amqpUrl, namespace, value, workers, confirmTimeout, recoveryInterval, delays);
  }

  public RabbitSettings withWorkers(int value) {
    return new RabbitSettings(
        amqpUrl, namespace, prefetch, value, confirmTimeout, recoveryInterval, delays);
  }

  public RabbitSettings withConfirmTimeout(Duration value) {
    return new RabbitSettings(
        amqpUrl, namespace, prefetch, workers, value, recoveryInterval, delays);
  }

  public RabbitSettings withRecoveryInterval(Duration value) {
    return new RabbitSettings(amqpUrl, namespace, prefetch, workers, confirmTimeout, value, delays);
  }

  public RabbitSettings withDelays(DelayLadder value) {
    return new RabbitSettings(
        amqpUrl, namespace, prefetch, workers, confirmTimeout, recoveryInterval, value);
  }

  /** The URL without its password, for logs and error messages. */
  public String redactedUrl() {
    return amqpUrl.replaceFirst("://([^:@/]*):[^@/]*@", "://$1:***@");
  }

  @Override
  public String toString() {
    return "RabbitSettings[url="
        + redactedUrl()
        + ", namespace="
        + namespace
        + ", prefetch="
        + prefetch
        + ", workers="
        + workers
        + ", confirmTimeout="
        + confirmTimeout
        + ", recoveryInterval="
        + recoveryInterval
        + ", delays="
        + delays
        + "]";
  }
}
