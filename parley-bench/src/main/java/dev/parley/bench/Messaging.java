package dev.parley.bench;

import io.vertx.core.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The direct and fanout workloads: routes (a thread and the sockets of its members), messages sent
 * open-loop at a fixed rate, route after route, each by the next member in turn; each message is
 * expected at every other member of its thread.
 */
final class Messaging {
  /** A thread and the indexes (into the socket list) of its members. */
  record Route(String threadId, int[] members) {}

  /** What one run measured. */
  record Outcome(
      String label,
      double targetRate,
      double seconds,
      long sentMeasured,
      long sentTotal,
      long acked,
      long delivered,
      long expected,
      long errors,
      long closed,
      long deliveredMeasured,
      Histogram delivery,
      Histogram ack,
      List<String> errorSamples) {

    double sendRate() {
      return sentMeasured / seconds;
    }

    double deliveryRate() {
      return deliveredMeasured / seconds;
    }

    long lost() {
      return expected - delivered;
    }

    Map<String, Object> json() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("target_rate_per_s", targetRate);
      m.put("measured_seconds", seconds);
      m.put("sent_per_s", Math.round(sendRate()));
      m.put("deliveries_per_s", Math.round(deliveryRate()));
      m.put("sent_total", sentTotal);
      m.put("acked_total", acked);
      m.put("delivered_total", delivered);
      m.put("expected_deliveries", expected);
      m.put("lost", lost());
      m.put("errors", errors);
      m.put("closed_by_server", closed);
      m.put("delivery_latency", Report.summary(delivery));
      m.put("ack_latency", Report.summary(ack));
      m.put("error_samples", errorSamples);
      return m;
    }
  }

  private Messaging() {}

  /** Routes of P direct pairs: accounts 2p and 2p+1 share their first thread. */
  static List<Route> pairs(List<Seeder.Account> accounts, int pairs) {
    List<Route> routes = new ArrayList<>(pairs);
    for (int p = 0; p < pairs; p++) {
      routes.add(new Route(accounts.get(2 * p).threadIds().get(0), new int[] {2 * p, 2 * p + 1}));
    }
    return routes;
  }

  /** Routes of G groups of M: accounts g*M .. g*M+M-1 share their first thread. */
  static List<Route> groups(List<Seeder.Account> accounts, int groups, int members) {
    List<Route> routes = new ArrayList<>(groups);
    for (int g = 0; g < groups; g++) {
      int[] idx = new int[members];
      for (int m = 0; m < members; m++) {
        idx[m] = g * members + m;
      }
      routes.add(new Route(accounts.get(g * members).threadIds().get(0), idx));
    }
    return routes;
  }

  static Outcome run(
      String label,
      WsLoad load,
      List<WebSocket> sockets,
      List<Route> routes,
      double rate,
      Duration warmup,
      Duration duration,
      int bodyBytes)
      throws InterruptedException {
    String padding = "x".repeat(Math.max(0, bodyBytes - 21));
    int receivers = routes.get(0).members().length - 1;
    long[] counter = {0};
    Pacer.Op op =
        (n, intended) -> {
          long k = counter[0]++;
          Route r = routes.get((int) (k % routes.size()));
          int[] members = r.members();
          int who = members[(int) ((k / routes.size()) % members.length)];
          WebSocket ws = sockets.get(who);
          if (ws == null || ws.isClosed()) {
            load.errors.increment();
            load.sample("sender socket is closed");
            return;
          }
          load.send(ws, r.threadId(), intended, k, padding);
        };
    long[] lastDelivered = {load.deliveries.sum()};
    Pacer.Progress progress =
        () -> {
          long d = load.deliveries.sum();
          String s =
              String.format(
                  "delivered %,d/s acked %,d errors %d closed %d load %.2f",
                  d - lastDelivered[0],
                  load.acks.sum(),
                  load.errors.sum(),
                  load.closedUnexpectedly.sum(),
                  Machine.loadAverage());
          lastDelivered[0] = d;
          return s;
        };
    if (!warmup.isZero()) {
      Pacer.run(rate, warmup, load::now, op, load.sent::sum, progress, label + " warmup");
    }
    load.delivery.getIntervalHistogram(); // discard the warm-up
    load.ack.getIntervalHistogram();
    long sentBefore = load.sent.sum();
    long deliveredBefore = load.deliveries.sum();
    long start = System.nanoTime();
    Pacer.run(rate, duration, load::now, op, load.sent::sum, progress, label);
    double seconds = (System.nanoTime() - start) / 1e9;
    long sentMeasured = load.sent.sum() - sentBefore;
    long deliveredAtEnd = load.deliveries.sum() - deliveredBefore;
    // Drain: wait for every acknowledged message to reach all its recipients (bounded; "lost"
    // then counts what had not arrived 60 s after the last send).
    WsLoad.await(
        () ->
            load.acks.sum() + load.errors.sum() >= load.sent.sum()
                && load.deliveries.sum() >= load.acks.sum() * receivers,
        Duration.ofSeconds(60));
    Thread.sleep(300); // a late duplicate or stray frame would show up here
    Histogram delivery = load.delivery.getIntervalHistogram();
    Histogram ack = load.ack.getIntervalHistogram();
    return new Outcome(
        label,
        rate,
        seconds,
        sentMeasured,
        load.sent.sum(),
        load.acks.sum(),
        load.deliveries.sum(),
        load.acks.sum() * receivers,
        load.errors.sum(),
        load.closedUnexpectedly.sum(),
        deliveredAtEnd,
        delivery,
        ack,
        List.copyOf(load.errorSamples));
  }
}
