package dev.parley.server.security;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.server.testing.Answer;
import dev.parley.server.testing.ApiClient;
import dev.parley.server.testing.History;
import dev.parley.server.testing.NodeProcess;
import dev.parley.server.testing.TestUser;
import dev.parley.server.testing.WebhookReceiver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded node killed with SIGKILL in the middle of a send storm: after a restart on the same
 * data directory, every acknowledged message is there, seq has no gap and no duplicate, and the
 * notification tasks queued before the kill run.
 */
class CrashSafetyTest {
  static final int SENDERS = 8;
  @TempDir Path dir;

  @Test
  void everyAcknowledgedMessageSurvivesAKill9() throws Exception {
    List<String> options =
        List.of("--task-retry-base=200ms", "--send-rate=100000", "--send-burst=100000");
    try (WebhookReceiver hook = new WebhookReceiver()) {
      NodeProcess first = NodeProcess.start(dir, options);
      ApiClient api = first.client();
      TestUser alice = api.newUser("storm");
      TestUser bob = api.newUser("offline");
      hook.answer(503); // tasks stay queued (retrying) until after the restart
      bob.post("/api/v1/devices", Map.of("platform", "webhook", "token", hook.url()));
      String thread = alice.directWith(bob);

      Map<Long, String> acknowledged = new ConcurrentHashMap<>();
      AtomicBoolean storming = new AtomicBoolean(true);
      List<Thread> senders = new ArrayList<>();
      for (int s = 0; s < SENDERS; s++) {
        int sender = s;
        senders.add(
            Thread.ofVirtual()
                .start(
                    () -> {
                      for (int i = 0; storming.get(); i++) {
                        try {
                          Answer a =
                              alice.post(
                                  "/api/v1/threads/" + thread + "/messages",
                                  Map.of("body", "m" + i, "client_msg_id", sender + "-" + i));
                          if (a.status() == 201) {
                            JsonNode m = a.get("message");
                            acknowledged.put(m.get("seq").asLong(), m.get("id").asText());
                          }
                        } catch (RuntimeException e) {
                          return; // the node is gone: an unanswered send was not acknowledged
                        }
                      }
                    }));
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= 200);
      first.kill();
      storming.set(false);
      for (Thread t : senders) {
        t.join();
      }

      hook.answer(204);
      try (NodeProcess second = NodeProcess.start(dir, options)) {
        TestUser reader = new TestUser(bob.id(), bob.username(), bob.token(), second.client());
        History.assertHoldsAll(History.after(reader, thread, 0), acknowledged);
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> notified(hook).containsAll(acknowledged.values()));
      }
    }
  }

  private static Set<String> notified(WebhookReceiver hook) {
    Set<String> ids = new HashSet<>();
    for (WebhookReceiver.Call call : hook.calls()) {
      ids.add(call.body().get("message").get("id").asText());
    }
    return ids;
  }
}
