package dev.parley.bench;

import io.vertx.core.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What {@code direct}, {@code fanout} and {@code baseline} share: options and the run. */
abstract class MessagingScenario implements Callable<Integer> {
  @Mixin Setup setup;

  @Option(names = "--rate", description = "target messages sent per second (open loop)")
  double rate = -1;

  @Option(names = "--duration", defaultValue = "30s", converter = Durations.class)
  Duration duration;

  @Option(names = "--warmup", defaultValue = "10s", converter = Durations.class)
  Duration warmup;

  @Option(names = "--body-bytes", defaultValue = "100", description = "message body size")
  int bodyBytes;

  @Option(names = "--client-loops", defaultValue = "2", description = "client event loops")
  int clientLoops;

  @Option(
      names = "--baseline",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "also run the same workload against the bare baseline server")
  boolean baseline;

  @Option(
      names = "--baseline-instances",
      defaultValue = "0",
      description = "baseline HTTP servers, one event loop each; 0 = one per core, as Parley runs")
  int baselineInstances;

  /** One workload: how to seed it and how to route its messages. */
  record Workload(
      String name,
      Seeder.Spec spec,
      java.util.function.Function<List<Seeder.Account>, List<Messaging.Route>> routes,
      String description) {}

  /** Source addresses 127.0.0.2 and up, so that many connections pass the ephemeral-port limit. */
  static List<String> sourceAddresses(int count) {
    List<String> a = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      a.add("127.0.0." + (2 + i));
    }
    return a;
  }

  /** Runs the workload on Parley (and the baseline) and adds it to the report. */
  Map<String, Object> runWorkload(Report report, Workload w, double rate) throws Exception {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("workload", w.description());
    out.put("target_rate_per_s", rate);
    out.put("body_bytes", bodyBytes);
    out.put("warmup_s", warmup.toSeconds());
    out.put("duration_s", duration.toSeconds());
    out.put("parley_setup", setup.describe());
    out.put("parley_options", setup.serveOptions(List.of()));
    out.put("server_jvm", setup.jvm());
    Path dir = report.dir().resolve(w.name());
    System.out.printf("seeding %s ...%n", w.description());
    Seeder.Seeded seeded;
    try (var db = setup.openStore(dir)) {
      seeded = new Seeder(db).seed(w.spec());
    }
    System.out.printf("seeded %,d sessions in %,d ms%n", seeded.accounts().size(), seeded.millis());
    Seeder.writeTokens(dir.resolve("tokens.tsv"), seeded.accounts());
    List<Messaging.Route> routes = w.routes().apply(seeded.accounts());
    report.line("");
    report.line("== " + w.name() + ": " + w.description());
    report.line(
        String.format(
            Locale.ROOT,
            "target %,.0f msg/s, body %d bytes, warm-up %ds, measured %ds, load average at start"
                + " %.2f",
            rate,
            bodyBytes,
            warmup.toSeconds(),
            duration.toSeconds(),
            Machine.loadAverage()));
    Messaging.Outcome parley;
    long tasksPending;
    List<Node> nodes = setup.startParley(dir, List.of());
    try {
      parley = drive("parley " + w.name(), nodes, seeded.accounts(), routes, rate, true);
      Map<String, Object> servers = new LinkedHashMap<>();
      for (Node n : nodes) {
        servers.put(n.name() + "_rss_bytes", n.rssBytes());
      }
      out.put("parley_servers", servers);
      // The notification fan-out runs on the task queue after the sends; a queue that falls
      // behind does not show in the delivery figures, so its backlog is part of the result.
      tasksPending = (long) Http.metric(nodes.getFirst().port(), "parley_queue_pending");
      out.put("parley_tasks_pending_at_end", tasksPending);
    } finally {
      nodes.forEach(Node::close);
      setup.cleanup();
    }
    out.put("parley", parley.json());
    report.latency(w.name() + "-parley", parley.delivery());
    Messaging.Outcome bare = null;
    if (baseline) {
      try (Node node =
          Node.baseline(
              "baseline",
              dir.resolve("baseline"),
              setup.jvm(),
              baselineInstances > 0
                  ? baselineInstances
                  : Runtime.getRuntime().availableProcessors())) {
        bare = drive("baseline " + w.name(), List.of(node), seeded.accounts(), routes, rate, false);
      }
      out.put("baseline", bare.json());
      report.latency(w.name() + "-baseline", bare.delivery());
      out.put(
          "parley_to_baseline_deliveries_ratio",
          bare.deliveryRate() > 0 ? parley.deliveryRate() / bare.deliveryRate() : null);
    }
    report.line(
        String.format(
            Locale.ROOT,
            "%-28s %10s %12s %8s %8s %8s",
            "server",
            "sent/s",
            "delivered/s",
            "lost",
            "errors",
            "closed"));
    for (Messaging.Outcome o : bare == null ? List.of(parley) : List.of(parley, bare)) {
      report.line(
          String.format(
              Locale.ROOT,
              "%-28s %,10.0f %,12.0f %8d %8d %8d",
              o.label(),
              o.sendRate(),
              o.deliveryRate(),
              o.lost(),
              o.errors(),
              o.closed()));
    }
    report.line(
        String.format(
            Locale.ROOT,
            "parley tasks pending at the end (notification fan-out not yet done): %,d",
            tasksPending));
    report.line(Report.latencyHeader());
    for (Messaging.Outcome o : bare == null ? List.of(parley) : List.of(parley, bare)) {
      report.line(Report.latencyRow(o.label() + " delivery", o.delivery()));
      report.line(Report.latencyRow(o.label() + " ack", o.ack()));
    }
    if (bare != null && bare.deliveryRate() > 0) {
      report.line(
          String.format(
              Locale.ROOT,
              "Parley/baseline deliveries per second: %.1f%%",
              100 * parley.deliveryRate() / bare.deliveryRate()));
    }
    for (Messaging.Outcome o : bare == null ? List.of(parley) : List.of(parley, bare)) {
      if (!o.errorSamples().isEmpty()) {
        report.line(o.label() + " first errors: " + o.errorSamples());
      }
    }
    return out;
  }

  private Messaging.Outcome drive(
      String label,
      List<Node> nodes,
      List<Seeder.Account> accounts,
      List<Messaging.Route> routes,
      double rate,
      boolean parley)
      throws Exception {
    try (WsLoad load =
        new WsLoad(clientLoops, sourceAddresses(Math.max(1, accounts.size() / 15000 + 1)))) {
      List<WebSocket> sockets = new ArrayList<>(accounts.size());
      for (int i = 0; i < accounts.size(); i++) {
        sockets.add(null);
      }
      long t0 = System.nanoTime();
      for (int k = 0; k < nodes.size(); k++) {
        List<Seeder.Account> mine = new ArrayList<>();
        List<Integer> index = new ArrayList<>();
        for (int i = k; i < accounts.size(); i += nodes.size()) {
          mine.add(accounts.get(i));
          index.add(i);
        }
        List<WebSocket> opened =
            load.connect(new WsLoad.Target("127.0.0.1", nodes.get(k).port(), parley), mine, 200);
        for (int j = 0; j < opened.size(); j++) {
          sockets.set(index.get(j), opened.get(j));
        }
      }
      long failed = sockets.stream().filter(s -> s == null).count();
      System.out.printf(
          "%s: %,d connections in %,d ms (%d failed)%n",
          label, accounts.size() - failed, (System.nanoTime() - t0) / 1_000_000, failed);
      if (failed > 0) {
        throw new IllegalStateException(
            failed + " connections failed: " + List.copyOf(load.errorSamples));
      }
      Messaging.Outcome o =
          Messaging.run(label, load, sockets, routes, rate, warmup, duration, bodyBytes);
      load.closeAll(sockets);
      return o;
    }
  }
}
