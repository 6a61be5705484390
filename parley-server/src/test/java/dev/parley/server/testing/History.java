package dev.parley.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A thread's whole history read over REST, and the checks fault tests make on it. */
public final class History {
  private History() {}

  /** Every message of the thread after {@code afterSeq}, paging forward. */
  public static List<JsonNode> after(TestUser reader, String threadId, long afterSeq) {
    List<JsonNode> all = new ArrayList<>();
    long after = afterSeq;
    while (true) {
      Answer page =
          reader.get("/api/v1/threads/" + threadId + "/messages?limit=200&after_seq=" + after);
      if (page.status() != 200) {
        throw new IllegalStateException("history answered " + page.status() + ": " + page.text());
      }
      page.get("messages").forEach(all::add);
      if (!page.get("has_more").asBoolean()) {
        return all;
      }
      after = all.getLast().get("seq").asLong();
    }
  }

  /**
   * Seq runs 1..n with no gap and no duplicate, and every acknowledged message is there under its
   * seq with its id.
   */
  public static void assertHoldsAll(List<JsonNode> stored, Map<Long, String> acknowledged) {
    for (int i = 0; i < stored.size(); i++) {
      assertThat(stored.get(i).get("seq").asLong()).as("seq is contiguous").isEqualTo(i + 1L);
    }
    for (Map.Entry<Long, String> ack : acknowledged.entrySet()) {
      assertThat(ack.getKey()).as("acknowledged seq is stored").isLessThanOrEqualTo(stored.size());
      assertThat(stored.get((int) (ack.getKey() - 1)).get("id").asText())
          .as("acknowledged message " + ack.getKey())
          .isEqualTo(ack.getValue());
    }
  }
}
