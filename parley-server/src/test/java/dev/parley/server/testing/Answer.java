package dev.parley.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpHeaders;

/** An HTTP answer: status, headers and the body parsed as JSON (null when empty or not JSON). */
public record Answer(int status, HttpHeaders headers, String text, JsonNode json) {

  public JsonNode get(String field) {
    return json.get(field);
  }

  public String errorCode() {
    return json == null || json.get("error") == null
        ? null
        : json.get("error").get("code").asText();
  }
}
