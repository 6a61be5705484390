package dev.parley.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** A real HTTP client of the API, speaking raw JSON. */
public final class ApiClient {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final AtomicInteger NAMES = new AtomicInteger();

  private final int port;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public ApiClient(int port) {
    this.port = port;
  }

  public int port() {
    return port;
  }

  public Answer call(String method, String path, String token, Object body) {
    byte[] bytes = body == null ? null : json(body);
    return raw(method, path, token, bytes);
  }

  public Answer raw(String method, String path, String token, byte[] body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(20))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Answer(
          response.statusCode(), response.headers(), response.body(), parse(response.body()));
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public Answer get(String path, String token) {
    return call("GET", path, token, null);
  }

  public Answer post(String path, String token, Object body) {
    return call("POST", path, token, body);
  }

  /** Registers and logs in a fresh user whose name starts with {@code prefix}. */
  public TestUser newUser(String prefix) {
    // The separator keeps even one-letter prefixes at the 3-character minimum.
    String username = (prefix + "_" + NAMES.incrementAndGet()).toLowerCase();
    Answer reg =
        post(
            "/api/v1/users",
            null,
            Map.of("username", username, "password", "correct horse", "display_name", prefix));
    if (reg.status() != 201) {
      throw new IllegalStateException("register failed: " + reg.text());
    }
    return login(username, "correct horse");
  }

  public TestUser login(String username, String password) {
    Answer login =
        post("/api/v1/sessions", null, Map.of("username", username, "password", password));
    if (login.status() != 201) {
      throw new IllegalStateException("login failed: " + login.text());
    }
    return new TestUser(
        login.get("user").get("id").asText(), username, login.get("token").asText(), this);
  }

  public static byte[] json(Object value) {
    try {
      return value instanceof String s
          ? s.getBytes(StandardCharsets.UTF_8)
          : MAPPER.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode parse(String body) {
    if (body == null || body.isEmpty()) {
      return null;
    }
    try {
      return MAPPER.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }
}
