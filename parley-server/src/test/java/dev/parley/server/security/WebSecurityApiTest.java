package dev.parley.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.config.Listen;
import dev.parley.server.testing.ApiClient;
import dev.parley.server.testing.TestServer;
import dev.parley.server.testing.TestUser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CORS and WebSocket Origin allowlist, and the security headers of the web client. */
class WebSecurityApiTest {
  static final String ALLOWED = "https://chat.example.com";
  @TempDir static Path dir;
  static TestServer server;
  static ApiClient api;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    server =
        new TestServer(
            dir, c -> c.withListen(new Listen("127.0.0.1", 0, null, null, List.of(ALLOWED))));
    api = server.client();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path));
  }

  @Test
  void theWebClientGetsAStrictContentSecurityPolicy() throws Exception {
    HttpResponse<String> page = send(request("/"));
    assertThat(page.headers().firstValue("Content-Security-Policy"))
        .hasValueSatisfying(
            csp ->
                assertThat(csp)
                    .contains("default-src 'self'")
                    .contains("script-src 'self'")
                    .contains("frame-ancestors 'none'")
                    .doesNotContain("unsafe-inline")
                    .doesNotContain("unsafe-eval"));
    assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
  }

  @Test
  void corsAnswersOnlyAllowedOrigins() throws Exception {
    HttpResponse<String> allowed =
        send(
            request("/api/v1/users")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", ALLOWED)
                .header("Access-Control-Request-Method", "POST"));
    assertThat(allowed.statusCode()).isEqualTo(204);
    assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ALLOWED);
    assertThat(allowed.headers().firstValue("Access-Control-Allow-Headers"))
        .hasValueSatisfying(h -> assertThat(h).contains("Authorization"));

    HttpResponse<String> evil =
        send(
            request("/api/v1/users")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "POST"));
    assertThat(evil.statusCode()).isEqualTo(403);
    assertThat(evil.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();

    HttpResponse<String> evilGet =
        send(request("/api/v1/me").header("Origin", "https://evil.example"));
    assertThat(evilGet.statusCode()).isEqualTo(403);
  }

  @Test
  void sameOriginAndOriginlessCallsPass() throws Exception {
    TestUser u = api.newUser("orig");
    HttpResponse<String> same =
        send(
            request("/api/v1/me")
                .header("Authorization", "Bearer " + u.token())
                .header("Origin", "http://127.0.0.1:" + api.port()));
    assertThat(same.statusCode()).isEqualTo(200);
    assertThat(u.get("/api/v1/me").status()).isEqualTo(200);
  }

  @Test
  void webSocketsFromOtherOriginsAreRefusedBeforeTheUpgrade() {
    TestUser u = api.newUser("wso");
    URI uri = URI.create("ws://127.0.0.1:" + api.port() + "/api/v1/ws?access_token=" + u.token());
    try {
      http.newWebSocketBuilder()
          .header("Origin", "https://evil.example")
          .buildAsync(uri, new WebSocket.Listener() {})
          .join();
      throw new AssertionError("the upgrade should have been refused");
    } catch (CompletionException e) {
      assertThat(e.getCause()).isInstanceOf(WebSocketHandshakeException.class);
      assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode())
          .isEqualTo(403);
    }
    WebSocket ok =
        http.newWebSocketBuilder()
            .header("Origin", ALLOWED)
            .buildAsync(uri, new WebSocket.Listener() {})
            .join();
    ok.abort();
  }
}
