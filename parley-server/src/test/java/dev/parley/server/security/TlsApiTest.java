package dev.parley.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.server.config.Listen;
import dev.parley.server.testing.TestServer;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS and WSS with a self-signed certificate made by openssl for the test. */
class TlsApiTest {
  @TempDir Path dir;

  @Test
  void servesHttpsAndWssWithTheGivenCertificate() throws Exception {
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    Process openssl =
        new ProcessBuilder(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "1",
                "-subj",
                "/CN=localhost",
                "-addext",
                "subjectAltName=IP:127.0.0.1,DNS:localhost",
                "-keyout",
                key.toString(),
                "-out",
                cert.toString())
            .redirectErrorStream(true)
            .start();
    openssl.getInputStream().readAllBytes();
    assertThat(openssl.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(openssl.exitValue()).as("openssl made a certificate").isZero();

    try (TestServer server =
        new TestServer(
            dir.resolve("data"),
            c -> c.withListen(new Listen("127.0.0.1", 0, cert, key, List.of())))) {
      HttpClient https = HttpClient.newBuilder().sslContext(trusting(cert)).build();
      HttpResponse<String> health =
          https.send(
              HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + "/healthz"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.headers().firstValue("Strict-Transport-Security")).isPresent();

      String base = "https://127.0.0.1:" + server.port();
      https.send(
          json(base + "/api/v1/users", "{\"username\":\"tls\",\"password\":\"correct horse\"}"),
          HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> login =
          https.send(
              json(
                  base + "/api/v1/sessions",
                  "{\"username\":\"tls\",\"password\":\"correct horse\"}"),
              HttpResponse.BodyHandlers.ofString());
      assertThat(login.statusCode()).isEqualTo(201);
      String token = new ObjectMapper().readTree(login.body()).get("token").asText();
      CompletableFuture<String> ready = new CompletableFuture<>();
      WebSocket ws =
          https
              .newWebSocketBuilder()
              .header("Authorization", "Bearer " + token)
              .buildAsync(
                  URI.create("wss://127.0.0.1:" + server.port() + "/api/v1/ws"),
                  new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                      ready.complete(data.toString());
                      return null;
                    }
                  })
              .get(10, TimeUnit.SECONDS);
      assertThat(ready.get(10, TimeUnit.SECONDS)).contains("\"type\":\"ready\"");
      ws.abort();
    }
  }

  private static HttpRequest json(String url, String body) {
    return HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  private static SSLContext trusting(Path cert) throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(cert)) {
      X509Certificate x509 =
          (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      trust.setCertificateEntry("parley", x509);
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }
}
