package dev.parley.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.parley.server.testing.ApiClient;
import dev.parley.server.testing.ClusterServices;
import dev.parley.server.testing.ServiceControl;
import dev.parley.server.testing.TestCluster;
import dev.parley.server.testing.TestUser;
import dev.parley.server.testing.WsClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example of examples/nginx: three nodes behind nginx, rendered from the same template as
 * cluster.sh, with REST and WebSocket traffic going through the proxy.
 */
class NginxClusterTest {
  static final Path NGINX = Path.of("/usr/sbin/nginx");
  static final Path TEMPLATE = Path.of("../examples/nginx/nginx.conf.template");

  @TempDir Path dir;

  @Test
  void threeNodesBehindNginxChatOverRestAndWebSockets() throws Exception {
    requireNginx();
    try (TestCluster cluster = TestCluster.start(dir.resolve("cluster"), 3)) {
      int port = freePort();
      Path prefix = Files.createDirectories(dir.resolve("nginx"));
      StringBuilder upstreams = new StringBuilder();
      for (int i = 0; i < 3; i++) {
        upstreams.append("    server 127.0.0.1:").append(cluster.node(i).port()).append(";\n");
      }
      String conf =
          Files.readString(TEMPLATE)
              .replace("@PREFIX@", prefix.toString())
              .replace("@LISTEN@", "127.0.0.1:" + port)
              .replace("@UPSTREAMS@\n", upstreams.toString());
      Path confFile = prefix.resolve("nginx.conf");
      Files.writeString(confFile, conf);
      Process nginx =
          new ProcessBuilder(NGINX.toString(), "-p", prefix.toString(), "-c", confFile.toString())
              .redirectErrorStream(true)
              .redirectOutput(prefix.resolve("stdout.log").toFile())
              .start();
      try {
        ServiceControl.awaitPort(port, true, Duration.ofSeconds(15));
        ApiClient proxy = new ApiClient(port);
        TestUser alice = proxy.newUser("nalice");
        TestUser bob = proxy.newUser("nbob");
        String thread = alice.directWith(bob);
        try (WsClient aliceSocket = alice.connect();
            WsClient bobSocket = bob.connect()) {
          alice.send(thread, "through nginx");
          assertThat(bobSocket.next("message").get("message").get("body").asText())
              .isEqualTo("through nginx");
          bobSocket.send(
              Map.of(
                  "type",
                  "send",
                  "ref",
                  "r",
                  "thread_id",
                  thread,
                  "body",
                  "and back",
                  "client_msg_id",
                  "r"));
          assertThat(bobSocket.next("ack").get("message").get("seq").asLong()).isEqualTo(2);
          // Alice's socket also had her own first message (sent over REST): skip to bob's.
          assertThat(
                  aliceSocket.next(
                      f ->
                          f.get("type").asText().equals("message")
                              && f.get("message").get("body").asText().equals("and back")))
              .isNotNull();
        }
        // A browser's socket carries its token in the URL: nginx's log must not keep it.
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .buildAsync(
                URI.create("ws://127.0.0.1:" + port + "/api/v1/ws?access_token=" + bob.token()),
                new WebSocket.Listener() {})
            .join()
            .sendClose(WebSocket.NORMAL_CLOSURE, "bye")
            .join();
        Path accessLog = prefix.resolve("access.log");
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> Files.readString(accessLog).contains("GET /api/v1/ws"));
        assertThat(Files.readString(accessLog))
            .contains("POST /api/v1/users")
            .doesNotContain(alice.token())
            .doesNotContain(bob.token());
      } finally {
        nginx.destroy();
        nginx.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private static void requireNginx() {
    ClusterServices.require();
    if (Files.isExecutable(NGINX)) {
      return;
    }
    String message = "nginx is not installed (apt-get install nginx-light)";
    if ("true".equals(System.getenv("CI"))) {
      fail(message + "; .ci/run installs it");
    }
    assumeTrue(false, message + ": skipped");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
