package dev.parley.push;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.parley.core.model.ChatThread;
import dev.parley.core.model.Device;
import dev.parley.core.model.Message;
import dev.parley.core.model.MessageKind;
import dev.parley.core.model.Platform;
import dev.parley.core.model.ThreadKind;
import dev.parley.core.notify.DeliveryResult;
import dev.parley.core.notify.Notification;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookNotifierTest {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final Function<Notification, byte[]> ENCODER =
      n ->
          ("{\"type\":\"message\",\"thread_id\":\""
                  + n.thread().id()
                  + "\",\"unread_count\":"
                  + n.unreadCount()
                  + "}")
              .getBytes(UTF_8);
  private static final Notification NOTIFICATION = notification();
  private static final WebhookSigner SIGNER = new WebhookSigner("a-secret-of-this-server");

  /** One request as the server saw it. */
  private record Received(
      String method, String contentType, String userAgent, String signature, byte[] body) {}

  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private ExecutorService serverThreads;
  private HttpServer server;
  private WebhookNotifier notifier;

  /** What the server does with a recorded request. */
  private interface Answer {
    void answer(HttpExchange exchange) throws IOException, InterruptedException;
  }

  @BeforeEach
  void startServer() throws IOException {
    serverThreads = Executors.newVirtualThreadPerTaskExecutor();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(serverThreads);
    server.start();
    notifier = new WebhookNotifier(ENCODER, SIGNER, Duration.ofSeconds(2), CLOCK);
  }

  @AfterEach
  void stopServer() {
    release.countDown();
    notifier.close();
    server.stop(0);
    serverThreads.shutdownNow();
  }

  private String serve(Answer answer) {
    server.createContext(
        "/hook",
        exchange -> {
          try (exchange) {
            received.add(
                new Received(
                    exchange.getRequestMethod(),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("User-Agent"),
                    exchange.getRequestHeaders().getFirst("X-Parley-Signature"),
                    exchange.getRequestBody().readAllBytes()));
            answer.answer(exchange);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook?secret=s3cr3t";
  }

  private static Device device(String url) {
    return new Device("d1", "u1", Platform.WEBHOOK, url, NOW);
  }

  @Test
  void a2xxIsDeliveredAndTheServerGetsTheEncodedJsonByPost() {
    String url = serve(exchange -> exchange.sendResponseHeaders(204, -1));

    DeliveryResult result = notifier.send(device(url), NOTIFICATION);

    assertThat(result).isEqualTo(new DeliveryResult.Delivered());
    assertThat(received).hasSize(1);
    Received request = received.getFirst();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.contentType()).isEqualTo("application/json");
    assertThat(request.userAgent()).isEqualTo("Parley");
    assertThat(request.body()).isEqualTo(ENCODER.apply(NOTIFICATION));
  }

  @Test
  void theBodyIsSignedWithTheServersSecretSoThatTheReceiverCanVerifyIt() throws Exception {
    String url = serve(exchange -> exchange.sendResponseHeaders(204, -1));

    notifier.send(device(url), NOTIFICATION);

    Received request = received.getFirst();
    byte[] body = request.body();
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec("a-secret-of-this-server".getBytes(UTF_8), "HmacSHA256"));
    String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    assertThat(request.signature()).isEqualTo(expected);
    assertThat(SIGNER.verify(body, request.signature())).isTrue();
    assertThat(new WebhookSigner("another-servers-secret").verify(body, request.signature()))
        .isFalse();
    body[body.length - 2] ^= 1;
    assertThat(SIGNER.verify(body, request.signature())).isFalse();
    assertThat(SIGNER.verify(body, "sha256=zz")).isFalse();
    assertThat(SIGNER.verify(body, null)).isFalse();
  }

  @Test
  void aShortSecretIsRefused() {
    assertThatThrownBy(() -> new WebhookSigner("short"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("16 bytes");
    assertThat(SIGNER.toString()).doesNotContain("a-secret");
  }

  @Test
  void a5xxIsRetriedWithAReasonThatHidesTheUrl() {
    String url = serve(exchange -> exchange.sendResponseHeaders(500, -1));

    DeliveryResult result = notifier.send(device(url), NOTIFICATION);

    assertThat(result).isEqualTo(new DeliveryResult.Retry("HTTP 500", null));
  }

  @Test
  void a429IsRetriedAfterItsRetryAfterSeconds() {
    String url =
        serve(
            exchange -> {
              exchange.getResponseHeaders().set("Retry-After", "7");
              exchange.sendResponseHeaders(429, -1);
            });

    DeliveryResult result = notifier.send(device(url), NOTIFICATION);

    assertThat(result).isEqualTo(new DeliveryResult.Retry("HTTP 429", Duration.ofSeconds(7)));
  }

  @Test
  void aServerThatNeverAnswersIsRetriedWithinTheTimeout() {
    String url = serve(exchange -> release.await(10, TimeUnit.SECONDS));
    notifier.close();
    notifier = new WebhookNotifier(ENCODER, SIGNER, Duration.ofMillis(300), CLOCK);

    long start = System.nanoTime();
    DeliveryResult result = notifier.send(device(url), NOTIFICATION);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(result).isEqualTo(new DeliveryResult.Retry("timeout", null));
    assertThat(took).isBetween(Duration.ofMillis(250), Duration.ofMillis(1500));
  }

  @Test
  void aRefusedConnectionIsRetried() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }

    DeliveryResult result =
        notifier.send(
            device("http://127.0.0.1:" + closedPort + "/hook?secret=s3cr3t"), NOTIFICATION);

    assertThat(result).isInstanceOf(DeliveryResult.Retry.class);
    DeliveryResult.Retry retry = (DeliveryResult.Retry) result;
    assertThat(retry.reason()).startsWith("I/O error").doesNotContain("s3cr3t");
    assertThat(retry.retryAfter()).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"not a url", "ftp://example.org/hook", "/relative/hook", "http://"})
  void aMalformedUrlIsAnInvalidToken(String url) {
    DeliveryResult result = notifier.send(device(url), NOTIFICATION);

    assertThat(result).isEqualTo(new DeliveryResult.TokenInvalid("invalid webhook URL"));
  }

  @Test
  void retryAfterAcceptsSecondsAndHttpDatesAndIgnoresGarbage() {
    assertThat(RetryAfter.parse("120", CLOCK)).isEqualTo(Duration.ofSeconds(120));
    assertThat(RetryAfter.parse("Sun, 01 Mar 2026 12:01:30 GMT", CLOCK))
        .isEqualTo(Duration.ofSeconds(90));
    assertThat(RetryAfter.parse("Sun, 01 Mar 2026 11:00:00 GMT", CLOCK)).isEqualTo(Duration.ZERO);
    assertThat(RetryAfter.parse("99999999999999999999", CLOCK)).isEqualTo(RetryAfter.MAX);
    assertThat(RetryAfter.parse("-5", CLOCK)).isNull();
    assertThat(RetryAfter.parse("soon", CLOCK)).isNull();
    assertThat(RetryAfter.parse(null, CLOCK)).isNull();
  }

  private static Notification notification() {
    ChatThread thread = new ChatThread("t1", ThreadKind.GROUP, "Team", "u2", "hash", NOW, NOW, 3);
    Message message = new Message("m3", "t1", 3, "u2", MessageKind.TEXT, "hi", "c3", NOW);
    return new Notification("u1", thread, message, "Bob", 2, 5);
  }
}
