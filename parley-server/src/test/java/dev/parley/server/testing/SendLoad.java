package dev.parley.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A steady stream of sends into one thread through one node (switchable), recording what the server
 * acknowledged: the ground truth that fault tests compare history against.
 */
public final class SendLoad implements AutoCloseable {
  private final TestUser sender;
  private final String threadId;
  private final AtomicReference<ApiClient> via;
  private final Map<Long, String> acknowledged = new ConcurrentSkipListMap<>();
  private final AtomicInteger failures = new AtomicInteger();
  private final AtomicInteger lastStatus = new AtomicInteger();
  private final Thread worker;
  private volatile boolean running = true;

  public SendLoad(TestUser sender, String threadId, ApiClient via, long pauseMillis) {
    this.sender = sender;
    this.threadId = threadId;
    this.via = new AtomicReference<>(via);
    this.worker = Thread.ofVirtual().start(() -> loop(pauseMillis));
  }

  private void loop(long pauseMillis) {
    for (int i = 0; running; i++) {
      TestUser user = new TestUser(sender.id(), sender.username(), sender.token(), via.get());
      try {
        Answer a =
            user.post(
                "/api/v1/threads/" + threadId + "/messages",
                Map.of("body", "load " + i, "client_msg_id", "load-" + i));
        lastStatus.set(a.status());
        if (a.status() == 201 || a.status() == 200) {
          JsonNode m = a.get("message");
          acknowledged.put(m.get("seq").asLong(), m.get("id").asText());
        } else {
          failures.incrementAndGet();
        }
      } catch (RuntimeException e) {
        failures.incrementAndGet();
      }
      try {
        Thread.sleep(pauseMillis);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Sends through another node from now on (the client failing over). */
  public void switchTo(ApiClient node) {
    via.set(node);
  }

  public Map<Long, String> acknowledged() {
    return Map.copyOf(acknowledged);
  }

  public int size() {
    return acknowledged.size();
  }

  public int failures() {
    return failures.get();
  }

  public int lastStatus() {
    return lastStatus.get();
  }

  /** Stops sending and answers what was acknowledged. */
  public Map<Long, String> stop() {
    running = false;
    try {
      worker.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return acknowledged();
  }

  @Override
  public void close() {
    stop();
  }
}
