package dev.parley.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.parley.server.testing.ApiClient;
import dev.parley.server.testing.TestServer;
import dev.parley.server.testing.TestUser;
import dev.parley.server.testing.WebhookReceiver;
import dev.parley.server.testing.WsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** A whole session logged at DEBUG: no password and no token may appear in any log line. */
class SecretsInLogsTest {
  @TempDir Path dir;

  @Test
  void passwordsAndTokensNeverReachTheLog() throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Level before = root.getLevel();
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    root.addAppender(captured);
    root.setLevel(Level.DEBUG);
    String password = "hunter2-very-secret";
    String token;
    String secondToken;
    try (WebhookReceiver hook = new WebhookReceiver();
        TestServer server = new TestServer(dir)) {
      ApiClient api = server.client();
      api.post("/api/v1/users", null, Map.of("username", "secretive", "password", password));
      api.post("/api/v1/users", null, Map.of("username", "other", "password", password + "2"));
      TestUser me = api.login("secretive", password);
      TestUser other = api.login("other", password + "2");
      token = me.token();
      secondToken = other.token();
      api.post(
          "/api/v1/sessions",
          null,
          Map.of("username", "secretive", "password", "wrong " + password));
      other.post("/api/v1/devices", Map.of("platform", "webhook", "token", hook.url()));
      String thread = me.directWith(other);
      try (WsClient ws = me.connect()) {
        ws.send(
            Map.of(
                "type",
                "send",
                "ref",
                "1",
                "thread_id",
                thread,
                "body",
                "hi",
                "client_msg_id",
                "1"));
        ws.next("ack");
      }
      WebSocket byQuery =
          HttpClient.newHttpClient()
              .newWebSocketBuilder()
              .buildAsync(
                  URI.create("ws://127.0.0.1:" + api.port() + "/api/v1/ws?access_token=" + token),
                  new WebSocket.Listener() {})
              .join();
      byQuery.abort();
      api.get("/api/v1/me", "not-" + token);
      me.call("DELETE", "/api/v1/sessions/current", null);
      api.get("/api/v1/me", token);
    } finally {
      root.setLevel(before);
      root.detachAppender(captured);
    }
    List<String> lines =
        captured.list.stream()
            .map(
                e ->
                    e.getFormattedMessage()
                        + (e.getThrowableProxy() == null
                            ? ""
                            : ThrowableProxyUtil.asString(e.getThrowableProxy())))
            .toList();
    assertThat(lines).isNotEmpty();
    assertThat(lines)
        .noneMatch(l -> l.contains(password))
        .noneMatch(l -> l.contains(token))
        .noneMatch(l -> l.contains(secondToken));
  }
}
