package dev.parley.server.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.model.Message;
import dev.parley.core.model.MessageKind;
import dev.parley.core.model.MessagePage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireMessageTest {
  private static final Message HELLO =
      new Message(
          "m1",
          "t1",
          42,
          "u1",
          MessageKind.TEXT,
          "h\u00e9llo \"you\"\n",
          "c-1",
          Instant.parse("2026-12-04T20:40:13.007Z"));

  @Test
  void writesEveryFieldOfApiMdInItsWireSpelling() {
    assertEquals(
        "{\"id\":\"m1\",\"thread_id\":\"t1\",\"seq\":42,\"sender_id\":\"u1\",\"kind\":\"text\","
            + "\"body\":\"h\u00e9llo \\\"you\\\"\\n\",\"client_msg_id\":\"c-1\","
            + "\"created_at\":\"2026-12-04T20:40:13.007Z\"}",
        text(Json.bytes(new WireMessage(HELLO))));
  }

  @Test
  void systemMessagesHaveANullClientMessageId() {
    Message system =
        new Message("m2", "t1", 1, "u1", MessageKind.SYSTEM, "x", null, HELLO.createdAt());
    ObjectNode parsed = Json.parseObject(Json.bytes(new WireMessage(system)));
    assertEquals("system", parsed.get("kind").asText());
    assertEquals(true, parsed.get("client_msg_id").isNull());
  }

  @Test
  void sitsInsideATreeAsAnyOtherValue() {
    ObjectNode event = Json.object();
    event.put("type", "message");
    event.set("message", WireFormat.message(HELLO));
    ObjectNode parsed = Json.parseObject(Json.bytes(event));
    assertEquals("message", parsed.get("type").asText());
    assertEquals(42, parsed.get("message").get("seq").asLong());
  }

  @Test
  void aPageListsItsMessagesAndWhetherThereIsMore() {
    String page =
        Json.buffer(new WirePage(new MessagePage(List.of(HELLO, HELLO), true))).toString();
    ObjectNode parsed = Json.parseObject(page.getBytes(StandardCharsets.UTF_8));
    assertEquals(2, parsed.get("messages").size());
    assertEquals("m1", parsed.get("messages").get(1).get("id").asText());
    assertEquals(true, parsed.get("has_more").asBoolean());
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
