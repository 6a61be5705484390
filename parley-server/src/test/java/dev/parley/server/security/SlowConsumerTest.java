package dev.parley.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.core.account.Caller;
import dev.parley.server.config.Limits;
import dev.parley.server.testing.ApiClient;
import dev.parley.server.testing.TestServer;
import dev.parley.server.testing.TestUser;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A member whose connection stops reading gets a bounded queue, then a 1013 close; the node's heap
 * stays flat and the other members keep receiving without delay.
 */
class SlowConsumerTest {
  static final int MESSAGES = 10_000;
  static final String PADDING = "x".repeat(1000);
  @TempDir Path dir;

  @Test
  void aStalledConnectionIsClosedAndCostsNeitherMemoryNorLatency() throws Exception {
    try (TestServer server =
        new TestServer(
            dir,
            c -> c.withLimits(new Limits(10_000, 1e6, 1_000_000, 1000, 1000, 8, 1 << 20, 1024)))) {
      ApiClient api = server.client();
      TestUser alice = api.newUser("sender");
      TestUser bob = api.newUser("reader");
      TestUser carol = api.newUser("stalled");
      String thread = alice.group("firehose", bob, carol);

      CountingListener fast = new CountingListener();
      WebSocket bobSocket = open(api.port(), bob.token(), fast);
      Socket carolSocket = openStalled(api.port(), carol.token());
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> server.parley().services().push().connectionsOf(carol.id()) == 1);

      long heapBefore = usedHeapAfterGc();
      Caller sender = server.parley().services().accounts().authenticate(alice.token());
      long peakHeap = heapBefore;
      for (int i = 0; i < MESSAGES; i++) {
        // 1 KB bodies: 10 MB in all, more than the stalled socket's buffers can hide.
        String body = System.nanoTime() + "\"" + PADDING;
        server.parley().services().messages().send(sender, thread, body, "m" + i, null);
        if (i % 2000 == 1999) {
          peakHeap = Math.max(peakHeap, usedHeapAfterGc());
        }
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> fast.messages.get() >= MESSAGES);
      long heapAfter = usedHeapAfterGc();

      await()
          .atMost(Duration.ofSeconds(15))
          .alias("the stalled connection is closed")
          .until(() -> server.parley().services().push().connectionsOf(carol.id()) == 0);
      assertThat(fast.messages.get()).isEqualTo(MESSAGES);
      assertThat(Duration.ofNanos(fast.maxLatencyNanos.get()))
          .as("the reader's worst delivery latency")
          .isLessThan(Duration.ofSeconds(2));
      assertThat(peakHeap - heapBefore)
          .as("heap growth while 10,000 messages went to the stalled member's thread")
          .isLessThan(48L << 20);
      assertThat(heapAfter - heapBefore).isLessThan(32L << 20);
      assertThat(api.get("/metrics", null).text())
          .contains("parley_slow_consumers_closed_total 1.0");
      bobSocket.abort();
      carolSocket.close();
    }
  }

  private static WebSocket open(int port, String token, CountingListener listener) {
    return HttpClient.newHttpClient()
        .newWebSocketBuilder()
        .header("Authorization", "Bearer " + token)
        .buildAsync(URI.create("ws://127.0.0.1:" + port + "/api/v1/ws"), listener)
        .join();
  }

  /**
   * A WebSocket that completes the handshake and then never reads, with a small receive buffer so
   * that the kernel cannot hide the backlog (loopback buffers here grow to 32 MB otherwise).
   */
  private static Socket openStalled(int port, String token) throws Exception {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(16 * 1024);
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    String key =
        Base64.getEncoder().encodeToString("parley-slow-test".getBytes(StandardCharsets.US_ASCII));
    String request =
        "GET /api/v1/ws?access_token="
            + token
            + " HTTP/1.1\r\n"
            + "Host: 127.0.0.1:"
            + port
            + "\r\n"
            + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: "
            + key
            + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
    socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
    InputStream in = socket.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IllegalStateException("handshake failed: " + head);
      }
      head.append((char) b);
    }
    assertThat(head.toString()).startsWith("HTTP/1.1 101");
    return socket;
  }

  private static long usedHeapAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    System.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }

  /** Counts message events and their latency, reading as fast as it can. */
  static final class CountingListener implements WebSocket.Listener {
    final AtomicInteger messages = new AtomicInteger();
    final AtomicLong maxLatencyNanos = new AtomicLong();
    volatile int closeCode;
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      closeCode = statusCode;
      return null;
    }

    @Override
    public void onOpen(WebSocket ws) {
      ws.request(Long.MAX_VALUE);
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String frame = partial.toString();
        partial.setLength(0);
        int at = frame.indexOf("\"body\":\"");
        if (frame.startsWith("{\"type\":\"message\"") && at > 0) {
          long sent = Long.parseLong(frame.substring(at + 8, frame.indexOf('\\', at + 8)));
          maxLatencyNanos.accumulateAndGet(System.nanoTime() - sent, Math::max);
          messages.incrementAndGet();
        }
      }
      return null;
    }
  }
}
