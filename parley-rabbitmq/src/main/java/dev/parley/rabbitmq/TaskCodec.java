package dev.parley.rabbitmq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BasicProperties;
import dev.parley.core.task.Task;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A task as an AMQP message: a JSON body {@code {id, kind, payload, attempt, created_at}} (a task
 * description, never a user message), persistent, with the task id as message id.
 */
final class TaskCodec {
  /** Epoch millis (by the queue's Clock) before which a parked task must not run. */
  static final String DUE = "parley-due";

  /** Why a task was dead-lettered, and after how many attempts, and when. */
  static final String REASON = "parley-reason";

  static final String ATTEMPTS = "parley-attempts";
  static final String DEAD_AT = "parley-dead-at";

  static final String CONTENT_TYPE = "application/json";
  private static final int PERSISTENT = 2;

  private static final ObjectMapper JSON = new ObjectMapper();

  private TaskCodec() {}

  static byte[] encode(Task task) {
    ObjectNode node = JSON.createObjectNode();
    node.put("id", task.id());
    node.put("kind", task.kind());
    ObjectNode payload = node.putObject("payload");
    task.payload().forEach(payload::put);
    node.put("attempt", task.attempt());
    node.put("created_at", task.createdAt().toString());
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write task " + task.id() + " as JSON", e);
    }
  }

  /** Reads a body written by {@link #encode}; a body that is not one is an IOException. */
  static Task decode(byte[] body) throws IOException {
    JsonNode node = JSON.readTree(body);
    if (node == null || !node.isObject()) {
      throw new IOException("a task body must be a JSON object");
    }
    JsonNode payloadNode = node.path("payload");
    if (!payloadNode.isObject()) {
      throw new IOException("payload must be an object");
    }
    Map<String, String> payload = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : payloadNode.properties()) {
      if (!field.getValue().isTextual()) {
        throw new IOException("payload." + field.getKey() + " must be a string");
      }
      payload.put(field.getKey(), field.getValue().textValue());
    }
    int attempt = node.path("attempt").asInt(0);
    if (attempt < 1) {
      throw new IOException("attempt must be a number from 1");
    }
    try {
      return new Task(
          text(node, "id"),
          text(node, "kind"),
          Map.copyOf(payload),
          attempt,
          Instant.parse(text(node, "created_at")));
    } catch (DateTimeParseException e) {
      throw new IOException("created_at is not an instant", e);
    }
  }

  private static String text(JsonNode node, String field) throws IOException {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.textValue().isEmpty()) {
      throw new IOException(field + " must be a non-empty string");
    }
    return value.textValue();
  }

  /** Persistent (delivery mode 2) JSON message properties for {@code task}. */
  static AMQP.BasicProperties properties(Task task, Map<String, Object> headers) {
    return new AMQP.BasicProperties.Builder()
        .contentType(CONTENT_TYPE)
        .deliveryMode(PERSISTENT)
        .messageId(task.id())
        .type(task.kind())
        .timestamp(Date.from(task.createdAt()))
        .appId("parley")
        .headers(headers.isEmpty() ? null : Map.copyOf(headers))
        .build();
  }

  /** The instant a parked task comes due; empty for a task that may run at once. */
  static Optional<Instant> due(BasicProperties properties) {
    Map<String, Object> headers = properties.getHeaders();
    if (headers != null && headers.get(DUE) instanceof Number millis) {
      return Optional.of(Instant.ofEpochMilli(millis.longValue()));
    }
    return Optional.empty();
  }
}
