package dev.parley.server.http;

import com.fasterxml.jackson.databind.JsonNode;

/** A REST answer: a status and a JSON body (null for 204). */
public record Reply(int status, JsonNode body) {
  public static Reply ok(JsonNode body) {
    return new Reply(200, body);
  }

  public static Reply created(JsonNode body) {
    return new Reply(201, body);
  }

  public static Reply noContent() {
    return new Reply(204, null);
  }
}
