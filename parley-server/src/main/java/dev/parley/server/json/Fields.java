package dev.parley.server.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.error.InvalidRequest;
import java.util.ArrayList;
import java.util.List;

/** Typed reads of a JSON object's fields; a wrong type is a 400 naming the field. */
public final class Fields {
  private final ObjectNode node;

  public Fields(ObjectNode node) {
    this.node = node;
  }

  public static Fields of(byte[] body) {
    return new Fields(Json.parseObject(body));
  }

  public boolean has(String name) {
    return node.has(name);
  }

  /** A string field, or null when absent or JSON null. */
  public String string(String name) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new InvalidRequest(name + " must be a string");
    }
    return unicode(name, value.textValue());
  }

  public String requireString(String name) {
    String value = string(name);
    if (value == null) {
      throw new InvalidRequest(name + " is required");
    }
    return value;
  }

  public Boolean bool(String name) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isBoolean()) {
      throw new InvalidRequest(name + " must be true or false");
    }
    return value.booleanValue();
  }

  public long requireLong(String name) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      throw new InvalidRequest(name + " is required");
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw new InvalidRequest(name + " must be an integer");
    }
    return value.longValue();
  }

  public List<String> requireStrings(String name, int max) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      throw new InvalidRequest(name + " is required");
    }
    if (!value.isArray()) {
      throw new InvalidRequest(name + " must be an array of strings");
    }
    if (value.size() > max) {
      throw new InvalidRequest(name + " may hold at most " + max + " ids");
    }
    List<String> out = new ArrayList<>(value.size());
    for (JsonNode item : value) {
      if (!item.isTextual() || item.textValue().isEmpty() || item.textValue().length() > 64) {
        throw new InvalidRequest(name + " must be an array of ids");
      }
      out.add(unicode(name, item.textValue()));
    }
    return out;
  }

  /**
   * JSON lets a string carry an unpaired surrogate as a "\\ud800" escape. Such a string is not
   * Unicode text and has no UTF-8 form: stored, it would silently become {@code ?}, so that the
   * record differs from what the server acknowledged.
   */
  private static String unicode(String name, String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new InvalidRequest(name + " must be Unicode text: it has an unpaired surrogate");
      }
    }
    return text;
  }
}
