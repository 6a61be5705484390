package dev.parley.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.Main;
import dev.parley.server.testing.Answer;
import dev.parley.server.testing.ApiClient;
import dev.parley.server.testing.TestServer;
import dev.parley.server.testing.TestUser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class OpsApiTest {
  @TempDir static Path dir;
  static TestServer server;
  static ApiClient api;

  @BeforeAll
  static void start() {
    server = new TestServer(dir);
    api = server.client();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void healthAndReadiness() {
    assertThat(api.get("/healthz", null).status()).isEqualTo(200);
    assertThat(api.get("/readyz", null).status()).isEqualTo(200);
  }

  @Test
  void theWebClientIsServedAtTheRoot() {
    Answer page = api.get("/", null);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    assertThat(page.text()).contains("Parley");
  }

  @Test
  void metricsAreInPrometheusFormat() {
    TestUser a = api.newUser("met");
    TestUser b = api.newUser("met");
    a.send(a.directWith(b), "count me");
    String text = api.get("/metrics", null).text();
    assertThat(text)
        .contains("parley_connections ")
        .contains("parley_messages_sent_total ")
        .contains("parley_queue_pending ")
        .contains("parley_queue_dead_letters ")
        .contains("parley_queue_retries ")
        .contains("parley_http_requests_seconds_count");
  }

  @Test
  void unknownEndpointsAndMethodsAnswerJsonErrors() {
    Answer missing = api.get("/api/v1/nothing-here", null);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.errorCode()).isEqualTo("not_found");
    Answer malformed = api.raw("POST", "/api/v1/users", null, "{\"username\": ".getBytes());
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.errorCode()).isEqualTo("invalid_request");
    Answer notObject = api.raw("POST", "/api/v1/users", null, "[]".getBytes());
    assertThat(notObject.status()).isEqualTo(400);
    Answer dupKeys =
        api.raw(
            "POST", "/api/v1/users", null, "{\"username\":\"a\",\"username\":\"b\"}".getBytes());
    assertThat(dupKeys.status()).isEqualTo(400);
    Answer deep =
        api.raw("POST", "/api/v1/users", null, ("[".repeat(500) + "]".repeat(500)).getBytes());
    assertThat(deep.status()).isEqualTo(400);
    Answer empty = api.raw("POST", "/api/v1/users", null, new byte[0]);
    assertThat(empty.status()).isEqualTo(400);
  }

  @Test
  void serveHelpListsEveryOptionWithItsDefault() {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(new PrintWriter(out));
    assertThat(cli.execute("serve", "--help")).isZero();
    String help = out.toString();
    assertThat(help)
        .contains("--port", "Default: 8080")
        .contains("--data-dir", "./data")
        .contains("--online-timeout", "60s")
        .contains("--task-max-attempts")
        .contains("PARLEY_PORT");
  }
}
