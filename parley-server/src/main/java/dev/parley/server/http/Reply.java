package dev.parley.server.http;

import com.fasterxml.jackson.databind.JsonSerializable;

/**
 * A REST answer: a status and a JSON body (a tree, or a value that writes itself; null for 204).
 */
public record Reply(int status, JsonSerializable body) {
  public static Reply ok(JsonSerializable body) {
    return new Reply(200, body);
  }

  public static Reply created(JsonSerializable body) {
    return new Reply(201, body);
  }

  public static Reply noContent() {
    return new Reply(204, null);
  }
}
