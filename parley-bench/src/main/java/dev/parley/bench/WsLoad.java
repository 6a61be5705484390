package dev.parley.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/**
 * WebSocket load clients on Vert.x: connects sessions to a Parley node (bearer token) or to the
 * baseline server (rooms in the query), sends {@code send} frames whose body starts with the
 * intended send time, and records, for every {@code message} event received, the latency from that
 * intended time to its receipt (microseconds, HdrHistogram). Sender and recipients live in this
 * process, so both ends read the same clock.
 */
public final class WsLoad implements AutoCloseable {
  /** A server to connect to. */
  public record Target(String host, int port, boolean parley) {}

  private final Vertx vertx;
  private final List<WebSocketClient> clients = new ArrayList<>();
  private final long base = System.nanoTime();
  private final AtomicInteger nextClient = new AtomicInteger();

  final Recorder delivery = new Recorder(3);
  final Recorder ack = new Recorder(3);
  final LongAdder deliveries = new LongAdder();
  final LongAdder acks = new LongAdder();
  final LongAdder errors = new LongAdder();
  final LongAdder sent = new LongAdder();
  final LongAdder closedUnexpectedly = new LongAdder();
  final LongAdder otherFrames = new LongAdder();
  final ConcurrentLinkedQueue<String> errorSamples = new ConcurrentLinkedQueue<>();
  private volatile boolean closing;
  private final java.util.Set<WebSocket> closingOnPurpose =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  public WsLoad(int eventLoops, List<String> localAddresses) {
    this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops));
    List<String> addresses = localAddresses.isEmpty() ? List.of("") : localAddresses;
    for (String address : addresses) {
      WebSocketClientOptions options =
          new WebSocketClientOptions()
              .setMaxConnections(1_000_000)
              .setConnectTimeout(30_000)
              .setTcpNoDelay(true)
              .setMaxFrameSize(1 << 20)
              .setMaxMessageSize(1 << 20);
      if (!address.isEmpty()) {
        options.setLocalAddress(address);
      }
      clients.add(vertx.createWebSocketClient(options));
    }
  }

  /** Nanoseconds since this load started: the clock of the bodies. */
  public long now() {
    return System.nanoTime() - base;
  }

  /**
   * Opens one connection per account (at most {@code concurrency} handshakes at once) and waits for
   * each one's {@code ready}. Returns the sockets in account order; a failed one is null.
   */
  public List<WebSocket> connect(Target target, List<Seeder.Account> accounts, int concurrency)
      throws InterruptedException {
    List<WebSocket> sockets = new ArrayList<>(accounts.size());
    List<Future<WebSocket>> futures = new ArrayList<>(accounts.size());
    Semaphore permits = new Semaphore(concurrency);
    for (Seeder.Account account : accounts) {
      permits.acquire();
      Future<WebSocket> f = open(target, account);
      f.onComplete(r -> permits.release());
      futures.add(f);
    }
    for (Future<WebSocket> f : futures) {
      try {
        sockets.add(f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS));
      } catch (Exception e) {
        sockets.add(null);
        sample("connect: " + e.getMessage());
      }
    }
    return sockets;
  }

  public Future<WebSocket> open(Target target, Seeder.Account account) {
    WebSocketConnectOptions options =
        new WebSocketConnectOptions().setHost(target.host()).setPort(target.port());
    if (target.parley()) {
      options.setURI("/api/v1/ws").addHeader("Authorization", "Bearer " + account.token());
    } else {
      options.setURI("/ws?rooms=" + String.join(",", account.threadIds()));
    }
    WebSocketClient client =
        clients.get(Math.floorMod(nextClient.getAndIncrement(), clients.size()));
    Promise<WebSocket> ready = Promise.promise();
    // Handlers are set before connecting: a frame that comes with the 101 answer is not lost.
    ClientWebSocket ws = client.webSocket();
    String readyPrefix = target.parley() ? "{\"type\":\"ready\"" : "{\"type\":\"pong\"";
    ws.textMessageHandler(
        text -> {
          if (!ready.future().isComplete() && text.startsWith(readyPrefix)) {
            ready.tryComplete(ws);
            return;
          }
          onText(text);
        });
    ws.closeHandler(
        v -> {
          if (!closing && !closingOnPurpose.remove(ws)) {
            closedUnexpectedly.increment();
            sample("closed by the server: " + ws.closeStatusCode() + " " + ws.closeReason());
          }
          ready.tryFail("closed before ready");
        });
    ws.exceptionHandler(e -> sample("socket: " + e));
    ws.connect(options)
        .onFailure(ready::tryFail)
        .onSuccess(
            connected -> {
              // The baseline has nothing to subscribe: its pong to a first ping proves the socket
              // works both ways. Parley says ready once the socket is subscribed.
              if (!target.parley()) {
                ws.writeTextMessage("{\"type\":\"ping\",\"ref\":\"ready\"}");
              }
            });
    return ready.future();
  }

  private void onText(String text) {
    if (text.startsWith("{\"type\":\"message\"")) {
      long t = bodyTime(text);
      if (t >= 0) {
        deliveries.increment();
        delivery.recordValue(Math.max(0, (now() - t) / 1000));
      } else {
        otherFrames.increment();
      }
    } else if (text.startsWith("{\"type\":\"ack\"")) {
      long t = bodyTime(text);
      acks.increment();
      if (t >= 0) {
        ack.recordValue(Math.max(0, (now() - t) / 1000));
      }
    } else if (text.startsWith("{\"type\":\"error\"")) {
      errors.increment();
      sample(text);
    } else {
      otherFrames.increment();
    }
  }

  /** The intended send time at the start of a bench body ({@code "body":"b<nanos>:..."}). */
  static long bodyTime(String text) {
    int i = text.indexOf("\"body\":\"b");
    if (i < 0) {
      return -1;
    }
    long value = 0;
    for (int j = i + 9; j < text.length(); j++) {
      char c = text.charAt(j);
      if (c == ':') {
        return value;
      }
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return -1;
  }

  /** Sends one message whose body carries its intended send time. */
  public void send(WebSocket ws, String threadId, long intended, long n, String padding) {
    String frame =
        "{\"type\":\"send\",\"ref\":\""
            + n
            + "\",\"thread_id\":\""
            + threadId
            + "\",\"body\":\"b"
            + intended
            + ":"
            + padding
            + "\",\"client_msg_id\":\"c"
            + n
            + "\"}";
    sent.increment();
    ws.writeTextMessage(frame)
        .onFailure(
            e -> {
              errors.increment();
              sample("write: " + e.getMessage());
            });
  }

  void sample(String s) {
    if (errorSamples.size() < 20) {
      errorSamples.add(s.length() > 300 ? s.substring(0, 300) : s);
    }
  }

  /** Waits until {@code done} holds or the time is up. */
  static boolean await(java.util.function.BooleanSupplier done, Duration max)
      throws InterruptedException {
    long end = System.nanoTime() + max.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > end) {
        return false;
      }
      Thread.sleep(50);
    }
    return true;
  }

  /** Closes one socket on purpose (not counted as a server close). */
  public Future<Void> closeOne(WebSocket ws) {
    closingOnPurpose.add(ws);
    return ws.close();
  }

  public void closeAll(List<WebSocket> sockets) {
    closing = true;
    for (WebSocket ws : sockets) {
      if (ws != null && !ws.isClosed()) {
        ws.close();
      }
    }
  }

  @Override
  public void close() {
    closing = true;
    vertx.close().await();
  }
}
