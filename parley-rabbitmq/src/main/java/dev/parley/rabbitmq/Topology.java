package dev.parley.rabbitmq;

import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The durable queues of one namespace: {@code <ns>.tasks} (work), {@code <ns>.retry.<millis>} (TTL
 * buckets that dead-letter back to the work queue) and {@code <ns>.dead}. Messages go through the
 * default exchange straight to these names, so no exchange is declared.
 */
public final class Topology {
  /** Letters, digits and {@code . _ : -}, short enough that every queue name fits in 255 bytes. */
  private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9._:-]{1,200}");

  private final String namespace;
  private final DelayLadder delays;

  public Topology(String namespace, DelayLadder delays) {
    if (namespace == null || !NAMESPACE.matcher(namespace).matches()) {
      throw new IllegalArgumentException(
          "namespace must be 1-200 of letters, digits and . _ : - but was: " + namespace);
    }
    this.namespace = namespace;
    this.delays = delays;
  }

  public String namespace() {
    return namespace;
  }

  public DelayLadder delays() {
    return delays;
  }

  public String workQueue() {
    return namespace + ".tasks";
  }

  public String deadQueue() {
    return namespace + ".dead";
  }

  /** The TTL queue of one bucket of {@link #delays()}. */
  public String retryQueue(Duration bucket) {
    return namespace + ".retry." + bucket.toMillis();
  }

  public List<String> retryQueues() {
    return delays.buckets().stream().map(this::retryQueue).toList();
  }

  /** Every queue of the namespace: work, retry buckets, dead. */
  public List<String> queues() {
    List<String> all = new ArrayList<>();
    all.add(workQueue());
    all.addAll(retryQueues());
    all.add(deadQueue());
    return all;
  }

  /**
   * Declares every queue; idempotent, and safe from several nodes at once as long as they agree.
   * The channel should stay open: the client's topology recovery replays declarations on it.
   */
  void declare(Channel channel) throws IOException {
    channel.queueDeclare(workQueue(), true, false, false, null);
    channel.queueDeclare(deadQueue(), true, false, false, null);
    for (Duration bucket : delays.buckets()) {
      // One TTL per queue, not per message: RabbitMQ only expires messages at the head of a queue,
      // so mixed TTLs in one queue would hold short delays behind long ones.
      channel.queueDeclare(
          retryQueue(bucket),
          true,
          false,
          false,
          Map.of(
              "x-message-ttl", bucket.toMillis(),
              "x-dead-letter-exchange", "",
              "x-dead-letter-routing-key", workQueue()));
    }
  }
}
