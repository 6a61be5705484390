package dev.parley.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * One client process of the {@code connections} scenario: opens authenticated idle WebSockets for
 * the sessions {@code from..to-1} of a tokens file, session i to port {@code ports[i % K]}, from
 * one source address, and reports on stdout. Then it answers {@code probe <text>} on stdin with how
 * many of its sockets received a message whose body is that text, and exits on {@code exit}, at the
 * end of stdin, or after {@code maxSeconds}, whatever comes first.
 *
 * <p>Arguments: tokensFile from to ports(comma) sourceAddress concurrency maxSeconds.
 */
final class ConnWorker {
  /** A handshake (upgrade and {@code ready}) that takes longer than this counts as failed. */
  private static final long HANDSHAKE_TIMEOUT_SECONDS = 30;

  private ConnWorker() {}

  static void main(String[] args) throws Exception {
    List<Seeder.Account> all = Seeder.readTokens(Path.of(args[0]));
    int from = Integer.parseInt(args[1]);
    int to = Integer.parseInt(args[2]);
    String[] ports = args[3].split(",");
    String source = args[4];
    int concurrency = Integer.parseInt(args[5]);
    long maxSeconds = Long.parseLong(args[6]);
    Thread.ofPlatform()
        .daemon()
        .start(
            () -> {
              try {
                Thread.sleep(maxSeconds * 1000);
              } catch (InterruptedException e) {
                return;
              }
              System.out.println("deadline reached, exiting");
              System.exit(3);
            });
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    WebSocketClient client =
        vertx.createWebSocketClient(
            new WebSocketClientOptions()
                .setMaxConnections(1_000_000)
                .setConnectTimeout(60_000)
                .setLocalAddress(source));
    Map<String, LongAdder> heldPerPort = new ConcurrentHashMap<>();
    LongAdder held = new LongAdder();
    LongAdder failed = new LongAdder();
    LongAdder closed = new LongAdder();
    ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    ConcurrentHashMap<String, LongAdder> probes = new ConcurrentHashMap<>();
    Semaphore permits = new Semaphore(concurrency);
    AtomicInteger pending = new AtomicInteger(to - from);
    long start = System.nanoTime();
    Thread reporter =
        Thread.ofPlatform()
            .daemon()
            .start(
                () -> {
                  while (!Thread.currentThread().isInterrupted()) {
                    System.out.printf(
                        "progress %d %d %d%n", held.sum(), failed.sum(), closed.sum());
                    System.out.flush();
                    try {
                      Thread.sleep(1000);
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                });
    for (int i = from; i < to; i++) {
      if (!permits.tryAcquire(HANDSHAKE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        break; // handshakes stopped completing: report what is held
      }
      Seeder.Account a = all.get(i);
      String port = ports[i % ports.length];
      // Handlers are set before connecting: a frame that comes with the 101 is not lost.
      ClientWebSocket ws = client.webSocket();
      boolean[] ready = {false};
      ws.textMessageHandler(
          text -> {
            if (!ready[0] && text.startsWith("{\"type\":\"ready\"")) {
              ready[0] = true;
              held.increment();
              heldPerPort.computeIfAbsent(port, p -> new LongAdder()).increment();
              permits.release();
              pending.decrementAndGet();
              return;
            }
            int b = text.indexOf("\"body\":\"probe-");
            if (b >= 0) {
              String probe = text.substring(b + 8, text.indexOf('"', b + 8));
              probes.computeIfAbsent(probe, p -> new LongAdder()).increment();
            }
          });
      ws.closeHandler(
          v -> {
            if (!ready[0]) {
              failed.increment();
              permits.release();
              pending.decrementAndGet();
            } else {
              closed.increment();
            }
          });
      ws.connect(
              new WebSocketConnectOptions()
                  .setHost("127.0.0.1")
                  .setPort(Integer.parseInt(port))
                  .setURI("/api/v1/ws")
                  .addHeader("Authorization", "Bearer " + a.token()))
          .onFailure(
              e -> {
                if (!ready[0]) {
                  failed.increment();
                  if (errors.size() < 5) {
                    errors.add(e.toString());
                  }
                  permits.release();
                  pending.decrementAndGet();
                }
              });
    }
    // Wait for the handshakes in flight; one that never completes is given up after the timeout.
    long idleSince = System.nanoTime();
    long lastDone = -1;
    while (pending.get() > 0) {
      long doneNow = held.sum() + failed.sum();
      if (doneNow != lastDone) {
        lastDone = doneNow;
        idleSince = System.nanoTime();
      } else if (System.nanoTime() - idleSince
          > TimeUnit.SECONDS.toNanos(HANDSHAKE_TIMEOUT_SECONDS)) {
        failed.add(pending.get());
        errors.add(pending.get() + " handshake(s) did not complete within 30 s");
        break;
      }
      Thread.sleep(100);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    reporter.interrupt();
    StringBuilder perPort = new StringBuilder();
    new TreeMap<>(heldPerPort)
        .forEach((p, n) -> perPort.append(p).append(':').append(n).append(','));
    System.out.printf(
        "done %d %d %.3f %s%n",
        held.sum(), failed.sum(), seconds, perPort.isEmpty() ? "-" : perPort.toString());
    for (String e : errors) {
      System.out.println("error " + e.replace('\n', ' '));
    }
    System.out.flush();
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      if (line.startsWith("probe ")) {
        String probe = line.substring(6).trim();
        LongAdder got = probes.get(probe);
        System.out.printf("probe %s %d %d%n", probe, got == null ? 0 : got.sum(), closed.sum());
        System.out.flush();
      } else if (line.equals("exit")) {
        break;
      }
    }
    vertx.close().await(30, TimeUnit.SECONDS);
    System.exit(0);
  }
}
