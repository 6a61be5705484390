package dev.parley.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A logged-in user of a test, with shortcuts for the calls tests make most. */
public record TestUser(String id, String username, String token, ApiClient api) {

  public Answer get(String path) {
    return api.get(path, token);
  }

  public Answer post(String path, Object body) {
    return api.post(path, token, body);
  }

  public Answer call(String method, String path, Object body) {
    return api.call(method, path, token, body);
  }

  public String directWith(TestUser other) {
    Answer a =
        post("/api/v1/threads", Map.of("kind", "direct", "participant_ids", List.of(other.id())));
    return a.get("thread").get("id").asText();
  }

  public String group(String title, TestUser... members) {
    List<String> ids = java.util.Arrays.stream(members).map(TestUser::id).toList();
    Answer a =
        post("/api/v1/threads", Map.of("kind", "group", "participant_ids", ids, "title", title));
    if (a.status() != 201) {
      throw new IllegalStateException("group failed: " + a.text());
    }
    return a.get("thread").get("id").asText();
  }

  public JsonNode send(String threadId, String body) {
    Answer a =
        post(
            "/api/v1/threads/" + threadId + "/messages",
            Map.of("body", body, "client_msg_id", UUID.randomUUID().toString()));
    if (a.status() != 201) {
      throw new IllegalStateException("send failed: " + a.text());
    }
    return a.get("message");
  }

  public JsonNode thread(String threadId) {
    return get("/api/v1/threads/" + threadId).get("thread");
  }

  public WsClient connect() {
    return WsClient.connect(api.port(), token);
  }
}
