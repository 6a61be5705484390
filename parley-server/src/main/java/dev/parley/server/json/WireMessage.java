package dev.parley.server.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import dev.parley.core.model.Message;
import java.io.IOException;

/**
 * A message as API.md spells it, written field by field to the generator. It is the value the
 * server writes most (every delivered event, fifty per history page), so it skips the JSON tree.
 */
public final class WireMessage extends JsonSerializable.Base {
  private final Message message;

  public WireMessage(Message message) {
    this.message = message;
  }

  static void write(JsonGenerator g, Message m) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", m.id());
    g.writeStringField("thread_id", m.threadId());
    g.writeNumberField("seq", m.seq());
    g.writeStringField("sender_id", m.senderId());
    g.writeStringField("kind", m.kind().wire());
    g.writeStringField("body", m.body());
    g.writeStringField("client_msg_id", m.clientMsgId());
    g.writeStringField("created_at", UtcTime.format(m.createdAt()));
    g.writeEndObject();
  }

  @Override
  public void serialize(JsonGenerator g, SerializerProvider provider) throws IOException {
    write(g, message);
  }

  @Override
  public void serializeWithType(JsonGenerator g, SerializerProvider provider, TypeSerializer type)
      throws IOException {
    write(g, message);
  }
}
