package dev.parley.server.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import dev.parley.core.model.Message;
import dev.parley.core.model.MessagePage;
import java.io.IOException;

/** A history page, {@code {"messages": [...], "has_more": bool}}, written without a tree. */
public final class WirePage extends JsonSerializable.Base {
  private final MessagePage page;

  public WirePage(MessagePage page) {
    this.page = page;
  }

  @Override
  public void serialize(JsonGenerator g, SerializerProvider provider) throws IOException {
    g.writeStartObject();
    g.writeArrayFieldStart("messages");
    for (Message m : page.messages()) {
      WireMessage.write(g, m);
    }
    g.writeEndArray();
    g.writeBooleanField("has_more", page.hasMore());
    g.writeEndObject();
  }

  @Override
  public void serializeWithType(JsonGenerator g, SerializerProvider provider, TypeSerializer type)
      throws IOException {
    serialize(g, provider);
  }
}
