package dev.parley.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.TreeMap;

/** A task payload as the JSON object stored in {@code tasks.payload}. */
final class PayloadJson {
  private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() {};
  private final ObjectMapper mapper = new ObjectMapper();

  /** Keys sorted, so that equal payloads are stored as equal text. */
  String write(Map<String, String> payload) {
    try {
      return mapper.writeValueAsString(new TreeMap<>(payload));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("task payload is not serializable", e);
    }
  }

  Map<String, String> read(String json) {
    try {
      return Map.copyOf(mapper.readValue(json, MAP));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("stored task payload is not a JSON object of strings", e);
    }
  }
}
