package dev.parley.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import dev.parley.core.error.Unavailable;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes on one confirm-mode channel and returns only once the broker has confirmed every
 * message; otherwise throws {@link Unavailable} within the timeout. A batch the connection lost is
 * published again after the client reconnects, so a message may be stored twice, never lost.
 */
final class ConfirmingPublisher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ConfirmingPublisher.class);
  private static final long PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  /** One message for the default exchange, i.e. straight to the queue named {@code queue}. */
  record Message(String queue, AMQP.BasicProperties properties, byte[] body) {}

  private final Connection connection;
  private final Duration timeout;

  /** Confirms are per channel, so publishes take turns; guards {@link #channel}. */
  private final ReentrantLock lock = new ReentrantLock();

  private Channel channel;

  /**
   * Counts shutdowns of the channel's underlying AMQP channel. The recovering channel forwards
   * waitForConfirms to whichever channel is current, and a fresh one has nothing unconfirmed: a
   * batch published before a shutdown counts as confirmed only if no shutdown came in between.
   */
  private final AtomicLong shutdowns = new AtomicLong();

  /** Message ids the broker returned as unroutable (mandatory flag: no such queue). */
  private final Set<String> returned = ConcurrentHashMap.newKeySet();

  private volatile boolean closed;

  ConfirmingPublisher(Connection connection, Duration timeout) {
    this.connection = connection;
    this.timeout = timeout;
  }

  void publish(List<Message> messages) {
    publish(messages, timeout);
  }

  void publish(List<Message> messages, Duration within) {
    if (messages.isEmpty()) {
      return;
    }
    long deadline = System.nanoTime() + within.toNanos();
    try {
      if (!lock.tryLock(within.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new Unavailable("RabbitMQ publishes are backed up for more than " + within, null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unavailable("interrupted while waiting to publish to RabbitMQ", e);
    }
    try {
      Exception last = null;
      while (true) {
        long remaining = deadline - System.nanoTime();
        if (closed || remaining <= 0) {
          throw new Unavailable(
              "RabbitMQ did not confirm "
                  + messages.size()
                  + " message(s) within "
                  + within
                  + (last == null ? "" : ": " + last),
              last);
        }
        try {
          Channel ch = channel();
          if (!ch.isOpen()) {
            pause(remaining); // the connection is down: the client reconnects by itself
            continue;
          }
          publishAndConfirm(ch, messages, remaining);
          return;
        } catch (TimeoutException e) {
          last = e;
          discardChannel(); // it still owes confirms that a later batch must not wait for
        } catch (IOException | ShutdownSignalException e) {
          last = e;
          log.debug("publish failed, trying again until the deadline: {}", e.toString());
          pause(remaining);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unavailable("interrupted while publishing to RabbitMQ", e);
    } finally {
      lock.unlock();
    }
  }

  private void publishAndConfirm(Channel ch, List<Message> messages, long remainingNanos)
      throws IOException, InterruptedException, TimeoutException {
    long shutdownsBefore = shutdowns.get();
    returned.clear();
    for (Message m : messages) {
      ch.basicPublish("", m.queue(), true, m.properties(), m.body());
    }
    // Not waitForConfirmsOrDie: it closes the channel on a nack, and a channel closed by the
    // application is dropped from automatic recovery. A timeout is handled by the caller.
    boolean allAcked =
        ch.waitForConfirms(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remainingNanos)));
    if (shutdowns.get() != shutdownsBefore) {
      throw new IOException("the channel closed before the broker confirmed");
    }
    if (!allAcked) {
      throw new IOException("the broker refused (nacked) a message");
    }
    if (!returned.isEmpty()) {
      // Not worth retrying: a queue is missing, so the topology was deleted under us.
      throw new Unavailable(
          "RabbitMQ has no queue for message(s) "
              + returned
              + " (to "
              + messages.stream().map(Message::queue).distinct().toList()
              + ")",
          null);
    }
  }

  /** The publish channel, opened on first use and again after a channel (not connection) error. */
  private Channel channel() throws IOException {
    if (channel != null && !channel.isOpen()) {
      ShutdownSignalException why = channel.getCloseReason();
      if (why != null && !why.isHardError()) {
        discardChannel(); // a channel error: recovery only brings back lost connections
      }
    }
    if (channel == null) {
      Channel ch = connection.createChannel();
      if (ch == null) {
        throw new IOException("RabbitMQ refused a new channel (channel_max reached)");
      }
      ch.confirmSelect();
      ch.addReturnListener(r -> returned.add(String.valueOf(r.getProperties().getMessageId())));
      ch.addShutdownListener(cause -> shutdowns.incrementAndGet());
      channel = ch;
    }
    return channel;
  }

  private void discardChannel() {
    if (channel != null) {
      try {
        channel.abort();
      } catch (Exception e) {
        log.debug("aborting the publish channel", e);
      }
      channel = null;
    }
  }

  private static void pause(long remainingNanos) throws InterruptedException {
    TimeUnit.NANOSECONDS.sleep(Math.min(PAUSE_NANOS, remainingNanos));
  }

  @Override
  public void close() {
    closed = true;
    if (lock.tryLock()) {
      try {
        discardChannel();
      } finally {
        lock.unlock();
      }
    }
  }
}
