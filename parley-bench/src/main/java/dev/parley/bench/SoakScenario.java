package dev.parley.bench;

import io.vertx.core.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code soak}: a mixed, bounded workload (direct and group messages over WebSocket, REST history
 * reads, connections closing and reopening) while heap after a full GC, RSS, open connections and
 * errors are sampled over time. It passes when nothing failed or got lost and the post-GC heap of
 * the last half of the run does not keep growing (least-squares slope under a threshold); the exit
 * status says so.
 */
@Command(
    name = "soak",
    mixinStandardHelpOptions = true,
    description = "mixed bounded workload; heap, RSS, connections and errors over time")
public final class SoakScenario implements Callable<Integer> {
  @Mixin Setup setup;

  @Option(names = "--duration", defaultValue = "30m", converter = Durations.class)
  Duration duration;

  @Option(names = "--sample", defaultValue = "10s", converter = Durations.class)
  Duration sample;

  @Option(names = "--rate", defaultValue = "300", description = "messages per second, in all")
  double rate;

  @Option(names = "--pairs", defaultValue = "50")
  int pairs;

  @Option(names = "--groups", defaultValue = "5")
  int groups;

  @Option(names = "--members", defaultValue = "10")
  int members;

  @Option(names = "--churn-users", defaultValue = "50", description = "idle reconnecting users")
  int churnUsers;

  @Option(names = "--churn-rate", defaultValue = "5", description = "reconnects per second")
  int churnRate;

  @Option(names = "--history-rate", defaultValue = "10", description = "REST page reads per s")
  int historyRate;

  @Option(
      names = "--max-heap-slope-kib-per-min",
      defaultValue = "2048",
      description = "post-GC heap growth over the last half that fails the run")
  double maxSlope;

  /** The outcome, for callers (the soak test). */
  Map<String, Object> result;

  @Override
  public Integer call() throws Exception {
    Report report = new Report(setup.out, "soak");
    Path dir = report.dir().resolve("soak");
    int users = 2 * pairs + groups * members + churnUsers;
    Seeder.Seeded seeded;
    try (var db = setup.openStore(dir)) {
      seeded = new Seeder(db).seed(new Seeder.Spec(users, 1, pairs, 0, 0, 0, 100, "bs"));
    }
    // Groups: users after the pairs; seeded as groups of consecutive users by a second pass.
    List<Seeder.Account> accounts = seeded.accounts();
    List<Seeder.Account> direct = accounts.subList(0, 2 * pairs);
    List<Seeder.Account> grouped = new ArrayList<>();
    List<Seeder.Account> churn = accounts.subList(2 * pairs + groups * members, users);
    try (var db = setup.openStore(dir)) {
      grouped.addAll(
          new Seeder(db)
              .seed(new Seeder.Spec(groups * members, 1, 0, groups, members, 0, 100, "bsg"))
              .accounts());
    }
    List<Node> nodes = setup.startParley(dir, List.of());
    Node node = nodes.get(0);
    List<Map<String, Object>> series = new ArrayList<>();
    LongAdder restErrors = new LongAdder();
    LongAdder restCalls = new LongAdder();
    LongAdder churnErrors = new LongAdder();
    LongAdder churned = new LongAdder();
    Map<String, Object> out = new LinkedHashMap<>();
    WsLoad directLoad = new WsLoad(1, List.of());
    WsLoad groupLoad = new WsLoad(1, List.of());
    WsLoad churnLoad = new WsLoad(1, List.of());
    AtomicBoolean running = new AtomicBoolean(true);
    List<Thread> helpers = new ArrayList<>();
    try {
      WsLoad.Target target = new WsLoad.Target("127.0.0.1", node.port(), true);
      List<WebSocket> directSockets = directLoad.connect(target, direct, 100);
      List<WebSocket> groupSockets = groupLoad.connect(target, grouped, 100);
      List<WebSocket> churnSockets = new ArrayList<>(churnLoad.connect(target, churn, 100));
      List<Messaging.Route> pairRoutes = Messaging.pairs(direct, pairs);
      List<Messaging.Route> groupRoutes = Messaging.groups(grouped, groups, members);
      // Helpers: REST history reads and connection churn, each paced by the second.
      helpers.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    long n = 0;
                    while (running.get()) {
                      Seeder.Account a = direct.get((int) (n++ % direct.size()));
                      try {
                        int status =
                            Http.getAuth(
                                node.port(),
                                "/api/v1/threads/" + a.threadIds().get(0) + "/messages?limit=50",
                                a.token());
                        restCalls.increment();
                        if (status != 200) {
                          restErrors.increment();
                        }
                        Thread.sleep(1000 / Math.max(1, historyRate));
                      } catch (InterruptedException e) {
                        return;
                      } catch (Exception e) {
                        restErrors.increment();
                      }
                    }
                  }));
      helpers.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    int i = 0;
                    while (running.get()) {
                      try {
                        for (int k = 0; k < churnRate && running.get(); k++) {
                          int slot = i++ % churnSockets.size();
                          WebSocket old = churnSockets.get(slot);
                          if (old != null) {
                            churnLoad.closeOne(old).await();
                          }
                          try {
                            churnSockets.set(
                                slot,
                                churnLoad
                                    .open(target, churn.get(slot))
                                    .await(30, java.util.concurrent.TimeUnit.SECONDS));
                            churned.increment();
                          } catch (Exception e) {
                            churnSockets.set(slot, null);
                            churnErrors.increment();
                          }
                        }
                        Thread.sleep(1000);
                      } catch (InterruptedException e) {
                        return;
                      } catch (Exception e) {
                        churnErrors.increment();
                      }
                    }
                  }));
      long start = System.nanoTime();
      long end = start + duration.toNanos();
      double directRate = rate * 0.8;
      double groupRate = rate * 0.2;
      String padding = "x".repeat(80);
      long[] nd = {0};
      long[] ng = {0};
      Thread groupSender =
          Thread.ofPlatform()
              .start(
                  () ->
                      Pacer.run(
                          groupRate,
                          duration,
                          groupLoad::now,
                          (n, t) -> send(groupLoad, groupSockets, groupRoutes, ng[0]++, t, padding),
                          groupLoad.sent::sum,
                          () -> "",
                          null));
      helpers.add(groupSender);
      Thread sampler =
          Thread.ofPlatform()
              .start(
                  () -> {
                    long next = start;
                    while (running.get()) {
                      long now = System.nanoTime();
                      if (now >= next) {
                        Map<String, Object> s = new LinkedHashMap<>();
                        s.put("t_s", Math.round((now - start) / 1e8) / 10.0);
                        s.put("heap_after_gc_bytes", node.heapBytes(true));
                        s.put("rss_bytes", node.rssBytes());
                        s.put("connections", Http.metric(node.port(), "parley_connections"));
                        s.put("sent", directLoad.sent.sum() + groupLoad.sent.sum());
                        s.put(
                            "delivered", directLoad.deliveries.sum() + groupLoad.deliveries.sum());
                        s.put(
                            "errors",
                            errors(directLoad, groupLoad, churnLoad, restErrors, churnErrors));
                        s.put("load_average", Machine.loadAverage());
                        series.add(s);
                        System.out.printf(
                            "[soak] %6.1fs heap %,d K rss %,d K connections %.0f sent %,d"
                                + " delivered %,d errors %d load %.2f%n",
                            (now - start) / 1e9,
                            (long) s.get("heap_after_gc_bytes") / 1024,
                            (long) s.get("rss_bytes") / 1024,
                            (double) s.get("connections"),
                            (long) s.get("sent"),
                            (long) s.get("delivered"),
                            (long) s.get("errors"),
                            Machine.loadAverage());
                        next += sample.toNanos();
                      }
                      try {
                        Thread.sleep(100);
                      } catch (InterruptedException e) {
                        return;
                      }
                    }
                  });
      helpers.add(sampler);
      Pacer.run(
          directRate,
          duration,
          directLoad::now,
          (n, t) -> send(directLoad, directSockets, pairRoutes, nd[0]++, t, padding),
          directLoad.sent::sum,
          () -> "",
          null);
      groupSender.join();
      while (System.nanoTime() < end) {
        Thread.sleep(50);
      }
      WsLoad.await(
          () ->
              directLoad.acks.sum() + directLoad.errors.sum() >= directLoad.sent.sum()
                  && groupLoad.acks.sum() + groupLoad.errors.sum() >= groupLoad.sent.sum()
                  && directLoad.deliveries.sum() >= directLoad.acks.sum()
                  && groupLoad.deliveries.sum() >= groupLoad.acks.sum() * (members - 1),
          Duration.ofSeconds(15));
      running.set(false);
      for (Thread t : helpers) {
        t.interrupt();
        t.join(30_000);
      }
      long lostDirect = directLoad.acks.sum() - directLoad.deliveries.sum();
      long lostGroup = groupLoad.acks.sum() * (members - 1) - groupLoad.deliveries.sum();
      long errors = errors(directLoad, groupLoad, churnLoad, restErrors, churnErrors);
      long unacked =
          directLoad.sent.sum()
              - directLoad.acks.sum()
              + groupLoad.sent.sum()
              - groupLoad.acks.sum();
      double slope = heapSlopeKibPerMinute(series);
      boolean passed =
          errors == 0 && lostDirect == 0 && lostGroup == 0 && unacked == 0 && slope <= maxSlope;
      out.put("duration_s", duration.toSeconds());
      out.put("target_rate_per_s", rate);
      out.put(
          "mix",
          String.format(
              Locale.ROOT,
              "80%% direct (%d pairs), 20%% groups (%d of %d), %d REST page reads/s, %d reconnects/s"
                  + " among %d idle users",
              pairs,
              groups,
              members,
              historyRate,
              churnRate,
              churnUsers));
      out.put("parley_setup", setup.describe());
      out.put("sent", directLoad.sent.sum() + groupLoad.sent.sum());
      out.put("unacknowledged", unacked);
      out.put("lost_direct", lostDirect);
      out.put("lost_group", lostGroup);
      out.put("errors", errors);
      out.put("rest_calls", restCalls.sum());
      out.put("reconnects", churned.sum());
      out.put("heap_slope_last_half_kib_per_min", slope);
      out.put("max_heap_slope_kib_per_min", maxSlope);
      out.put("passed", passed);
      List<String> samples = new ArrayList<>();
      samples.addAll(directLoad.errorSamples);
      samples.addAll(groupLoad.errorSamples);
      samples.addAll(churnLoad.errorSamples);
      out.put("error_samples", samples);
      out.put(
          "delivery_latency_direct",
          report.latency("direct", directLoad.delivery.getIntervalHistogram()));
      out.put(
          "delivery_latency_group",
          report.latency("group", groupLoad.delivery.getIntervalHistogram()));
      out.put("series", series);
      result = out;
      report.put("soak", out);
      writeSeries(report.dir(), series);
      report.line("");
      report.line(
          String.format(
              Locale.ROOT,
              "== soak: %ds at %,.0f msg/s (%s), %s",
              duration.toSeconds(),
              rate,
              out.get("mix"),
              setup.describe()));
      report.line(
          String.format(
              Locale.ROOT,
              "sent %,d, unacknowledged %d, lost %d, errors %d, REST calls %,d, reconnects %,d",
              (long) out.get("sent"),
              unacked,
              lostDirect + lostGroup,
              errors,
              restCalls.sum(),
              churned.sum()));
      report.line(
          String.format(
              Locale.ROOT,
              "post-GC heap slope over the last half: %.1f KiB/min (limit %.0f); %s",
              slope,
              maxSlope,
              passed ? "PASSED" : "FAILED"));
      if (!samples.isEmpty()) {
        report.line("first errors: " + samples);
      }
      directLoad.closeAll(directSockets);
      groupLoad.closeAll(groupSockets);
      churnLoad.closeAll(churnSockets);
    } finally {
      running.set(false);
      directLoad.close();
      groupLoad.close();
      churnLoad.close();
      nodes.forEach(Node::close);
      setup.cleanup();
    }
    report.finish();
    return Boolean.TRUE.equals(out.get("passed")) ? 0 : 1;
  }

  private static void send(
      WsLoad load,
      List<WebSocket> sockets,
      List<Messaging.Route> routes,
      long k,
      long intended,
      String padding) {
    Messaging.Route r = routes.get((int) (k % routes.size()));
    int who = r.members()[(int) ((k / routes.size()) % r.members().length)];
    WebSocket ws = sockets.get(who);
    if (ws == null || ws.isClosed()) {
      load.errors.increment();
      load.sample("sender socket is closed");
      return;
    }
    load.send(ws, r.threadId(), intended, k, padding);
  }

  private static long errors(
      WsLoad a, WsLoad b, WsLoad c, LongAdder restErrors, LongAdder churnErrors) {
    return a.errors.sum()
        + b.errors.sum()
        + c.errors.sum()
        + a.closedUnexpectedly.sum()
        + b.closedUnexpectedly.sum()
        + c.closedUnexpectedly.sum()
        + restErrors.sum()
        + churnErrors.sum();
  }

  /** Least-squares slope of the post-GC heap over the last half of the samples, in KiB/min. */
  static double heapSlopeKibPerMinute(List<Map<String, Object>> series) {
    List<Map<String, Object>> half = series.subList(series.size() / 2, series.size());
    if (half.size() < 3) {
      return 0;
    }
    double n = half.size();
    double sx = 0;
    double sy = 0;
    double sxx = 0;
    double sxy = 0;
    for (Map<String, Object> s : half) {
      double x = ((Number) s.get("t_s")).doubleValue() / 60.0;
      double y = ((Number) s.get("heap_after_gc_bytes")).doubleValue() / 1024.0;
      sx += x;
      sy += y;
      sxx += x * x;
      sxy += x * y;
    }
    double d = n * sxx - sx * sx;
    return d == 0 ? 0 : (n * sxy - sx * sy) / d;
  }

  private static void writeSeries(Path dir, List<Map<String, Object>> series) throws Exception {
    StringBuilder csv =
        new StringBuilder("t_s,heap_after_gc_bytes,rss_bytes,connections,sent,delivered,errors\n");
    for (Map<String, Object> s : series) {
      csv.append(s.get("t_s"))
          .append(',')
          .append(s.get("heap_after_gc_bytes"))
          .append(',')
          .append(s.get("rss_bytes"))
          .append(',')
          .append(s.get("connections"))
          .append(',')
          .append(s.get("sent"))
          .append(',')
          .append(s.get("delivered"))
          .append(',')
          .append(s.get("errors"))
          .append('\n');
    }
    Files.writeString(dir.resolve("timeseries.csv"), csv, StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("memory.svg"), TimePlot.svg(series), StandardCharsets.UTF_8);
  }
}
