package dev.parley.bench;

import dev.parley.server.ops.ProcessOutput;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code connections}: N authenticated idle WebSockets opened by separate client processes (each
 * below the 20,000 open-file cap, each from its own source address 127.0.0.x) to one node or K
 * cluster nodes; server RSS and heap before and after, bytes per connection, the limit that stopped
 * it, and a probe message that a sample of connections on every node must receive.
 */
@Command(
    name = "connections",
    mixinStandardHelpOptions = true,
    description = "N authenticated idle WebSocket connections, over several client processes")
final class ConnectionsScenario implements Callable<Integer> {
  @Mixin Setup setup;

  @Option(names = "--connections", defaultValue = "19000")
  int connections;

  @Option(
      names = "--per-worker",
      defaultValue = "15000",
      description = "connections per client process (below its open-file cap)")
  int perWorker;

  @Option(names = "--concurrency", defaultValue = "200", description = "handshakes in flight")
  int concurrency;

  @Option(names = "--probe-size", defaultValue = "200", description = "sample receiving the probe")
  int probeSize;

  @Option(names = "--timeout", defaultValue = "600s", converter = Durations.class)
  Duration timeout;

  @Option(names = "--worker-heap", defaultValue = "1g")
  String workerHeap;

  @Option(names = "--hold", defaultValue = "5s", converter = Durations.class)
  Duration hold;

  private record Worker(Process process, PrintWriter in, LinkedBlockingQueue<String> lines) {}

  @Override
  public Integer call() throws Exception {
    Report report = new Report(setup.out, "connections");
    Path dir = report.dir().resolve("connections");
    int probe = Math.min(probeSize, connections);
    System.out.printf("seeding %,d users with a session each ...%n", connections);
    Seeder.Seeded seeded;
    try (var db = setup.openStore(dir)) {
      seeded = new Seeder(db).seed(new Seeder.Spec(connections, 1, 0, 1, probe, 0, 100, "bc"));
    }
    System.out.printf("seeded in %,d ms%n", seeded.millis());
    Path tokens = dir.resolve("tokens.tsv");
    Seeder.writeTokens(tokens, seeded.accounts());
    String probeThread = seeded.accounts().get(0).threadIds().get(0);
    List<Node> nodes = setup.startParley(dir, List.of());
    List<Worker> workers = new ArrayList<>();
    Map<String, Object> out = new LinkedHashMap<>();
    try {
      List<Map<String, Object>> before = new ArrayList<>();
      for (Node n : nodes) {
        before.add(memory(n));
      }
      StringBuilder ports = new StringBuilder();
      for (Node n : nodes) {
        ports.append(ports.isEmpty() ? "" : ",").append(n.port());
      }
      int count = (connections + perWorker - 1) / perWorker;
      long t0 = System.nanoTime();
      for (int w = 0; w < count; w++) {
        int from = w * perWorker;
        int to = Math.min(connections, from + perWorker);
        List<String> cmd = Node.java(List.of("-Xmx" + workerHeap), BenchMain.class.getName());
        cmd.addAll(
            List.of(
                "conn-worker",
                tokens.toString(),
                Integer.toString(from),
                Integer.toString(to),
                ports.toString(),
                "127.0.0." + (2 + w),
                Integer.toString(Math.max(1, concurrency / count)),
                Long.toString(timeout.toSeconds() + 120)));
        Process p =
            new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.PIPE)
                .start();
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Path log = dir.resolve("worker" + w + ".log");
        Thread.ofPlatform()
            .daemon()
            .start(
                () -> {
                  try {
                    ProcessOutput.copy(p, log, lines::add);
                  } catch (Exception e) {
                    lines.add("error reader: " + e);
                  }
                });
        workers.add(
            new Worker(
                p,
                new PrintWriter(
                    new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8), true),
                lines));
      }
      long[] held = new long[count];
      long[] failed = new long[count];
      double[] secs = new double[count];
      boolean[] done = new boolean[count];
      List<String> errors = new ArrayList<>();
      Map<String, Long> perPort = new LinkedHashMap<>();
      long deadline = System.nanoTime() + timeout.toNanos();
      long lastHeld = 0;
      while (System.nanoTime() < deadline) {
        boolean all = true;
        for (int w = 0; w < count; w++) {
          String line;
          while ((line = workers.get(w).lines().poll()) != null) {
            String[] f = line.split(" ");
            if (f[0].equals("progress")) {
              held[w] = Long.parseLong(f[1]);
              failed[w] = Long.parseLong(f[2]);
            } else if (f[0].equals("done")) {
              held[w] = Long.parseLong(f[1]);
              failed[w] = Long.parseLong(f[2]);
              secs[w] = Double.parseDouble(f[3]);
              done[w] = true;
              if (!f[4].equals("-")) {
                for (String pc : f[4].split(",")) {
                  String[] kv = pc.split(":");
                  perPort.merge(kv[0], Long.parseLong(kv[1]), Long::sum);
                }
              }
            } else if (f[0].equals("error")) {
              errors.add(line.substring(6));
            }
          }
          all &= done[w] || !workers.get(w).process().isAlive();
        }
        long h = java.util.Arrays.stream(held).sum();
        long fl = java.util.Arrays.stream(failed).sum();
        System.out.printf(
            "[connections] %5.1fs held %,d (+%,d/s) failed %,d load %.2f%n",
            (System.nanoTime() - t0) / 1e9, h, h - lastHeld, fl, Machine.loadAverage());
        lastHeld = h;
        if (all) {
          break;
        }
        Thread.sleep(1000);
      }
      double connectSeconds = java.util.Arrays.stream(secs).max().orElse(0);
      long totalHeld = java.util.Arrays.stream(held).sum();
      long totalFailed = java.util.Arrays.stream(failed).sum();
      Thread.sleep(hold.toMillis());
      List<Map<String, Object>> after = new ArrayList<>();
      for (Node n : nodes) {
        after.add(memory(n));
      }
      // The probe: one message to the group of the first probeSize users, whose sockets are
      // spread over every node (session i goes to node i % K).
      String probeText = "probe-" + System.nanoTime();
      var resp =
          Http.post(
              nodes.get(0).port(),
              "/api/v1/threads/" + probeThread + "/messages",
              seeded.accounts().get(0).token(),
              "{\"body\":\"" + probeText + "\",\"client_msg_id\":\"" + probeText + "\"}");
      Thread.sleep(3000);
      long received = 0;
      long closedLater = 0;
      for (Worker w : workers) {
        if (!w.process().isAlive()) {
          continue;
        }
        w.in().println("probe " + probeText);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < end) {
          String line = w.lines().poll(1, TimeUnit.SECONDS);
          if (line != null && line.startsWith("probe ")) {
            String[] f = line.split(" ");
            received += Long.parseLong(f[2]);
            closedLater += Long.parseLong(f[3]);
            break;
          }
        }
      }
      // Which members of the probe group are held: those of the first worker's range below probe.
      long expected = Math.min(probe, held.length > 0 ? held[0] : 0);
      out.put("requested", connections);
      out.put("client_processes", count);
      out.put("source_addresses", count);
      out.put("held", totalHeld);
      out.put("failed", totalFailed);
      out.put("held_per_node_port", perPort);
      out.put("connect_seconds", connectSeconds);
      out.put(
          "connect_rate_per_s", connectSeconds > 0 ? Math.round(totalHeld / connectSeconds) : 0);
      out.put("closed_after_open", closedLater);
      out.put("parley_setup", setup.describe());
      out.put("server_jvm", setup.jvm());
      List<Map<String, Object>> perNode = new ArrayList<>();
      report.line("");
      report.line(
          String.format(
              Locale.ROOT,
              "== connections: %,d requested over %d client processes and source addresses, %s",
              connections,
              count,
              setup.describe()));
      report.line(
          String.format(
              Locale.ROOT,
              "held %,d, failed %,d, connect time %.1f s (%,.0f/s), load average %.2f",
              totalHeld,
              totalFailed,
              connectSeconds,
              connectSeconds > 0 ? totalHeld / connectSeconds : 0,
              Machine.loadAverage()));
      report.line(
          String.format(
              Locale.ROOT,
              "%-9s %8s %12s %12s %12s %12s %10s %10s",
              "node",
              "held",
              "RSS before",
              "RSS after",
              "heap before",
              "heap after",
              "RSS B/conn",
              "heap B/conn"));
      for (int i = 0; i < nodes.size(); i++) {
        Node n = nodes.get(i);
        // The node's own count (its parley_connections gauge); the workers' count if unreadable.
        double gauge = (double) after.get(i).get("parley_connections");
        long onNode =
            gauge >= 0 ? (long) gauge : perPort.getOrDefault(Integer.toString(n.port()), 0L);
        long rssB = (long) before.get(i).get("rss_bytes");
        long rssA = (long) after.get(i).get("rss_bytes");
        long heapB = (long) before.get(i).get("heap_after_gc_bytes");
        long heapA = (long) after.get(i).get("heap_after_gc_bytes");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("node", n.name());
        m.put("pid", n.pid());
        m.put("held", onNode);
        m.put("before", before.get(i));
        m.put("after", after.get(i));
        m.put("rss_bytes_per_connection", onNode > 0 ? (rssA - rssB) / onNode : null);
        m.put("heap_bytes_per_connection", onNode > 0 ? (heapA - heapB) / onNode : null);
        m.put("open_files", openFiles(n.pid()));
        perNode.add(m);
        report.line(
            String.format(
                Locale.ROOT,
                "%-9s %,8d %,10d K %,10d K %,10d K %,10d K %,10d %,10d",
                n.name(),
                onNode,
                rssB / 1024,
                rssA / 1024,
                heapB / 1024,
                heapA / 1024,
                onNode > 0 ? (rssA - rssB) / onNode : 0,
                onNode > 0 ? (heapA - heapB) / onNode : 0));
      }
      out.put("nodes", perNode);
      out.put(
          "probe",
          Map.of(
              "status",
              resp.statusCode(),
              "sample_size",
              expected,
              "received",
              received,
              "nodes_in_sample",
              Math.min(nodes.size(), expected)));
      report.line(
          String.format(
              Locale.ROOT,
              "probe message (REST %d) to a group of %d held connections spread over all %d"
                  + " node(s): received by %d",
              resp.statusCode(),
              expected,
              nodes.size(),
              received));
      String limit = limit(totalHeld, totalFailed, errors, nodes);
      out.put("stopped_by", limit);
      out.put("worker_errors", errors);
      report.line("stopped by: " + limit);
      report.line(
          "on a real host: ulimit -n (nofile) above the connections per process, on both server"
              + " and clients; fs.file-max and fs.nr_open above the sum; net.ipv4.ip_local_port_range"
              + " = 1024 65535 (about 64,000 client ports per source address and destination);"
              + " net.core.somaxconn and the accept backlog >= 4096 for connect storms.");
      report.put("connections", out);
    } finally {
      for (Worker w : workers) {
        w.in().println("exit");
        w.in().close();
      }
      for (Worker w : workers) {
        if (!w.process().waitFor(30, TimeUnit.SECONDS)) {
          w.process().destroyForcibly();
        }
      }
      nodes.forEach(Node::close);
      setup.cleanup();
    }
    report.finish();
    return 0;
  }

  private static Map<String, Object> memory(Node n) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("heap_after_gc_bytes", n.heapBytes(true));
    m.put("rss_bytes", n.rssBytes());
    m.put("parley_connections", Http.metric(n.port(), "parley_connections"));
    return m;
  }

  static long openFiles(long pid) {
    String[] fds = Path.of("/proc/" + pid + "/fd").toFile().list();
    return fds == null ? -1 : fds.length;
  }

  private String limit(long held, long failed, List<String> errors, List<Node> nodes) {
    if (failed == 0 && held >= connections) {
      return "nothing: all " + connections + " requested connections were held (the request)";
    }
    String joined = String.join(" | ", errors);
    if (failed == 0 && joined.isEmpty()) {
      return (connections - held)
          + " handshake(s) still unanswered when the run ended (no error; see the worker logs)";
    }
    for (Node n : nodes) {
      long open = openFiles(n.pid());
      if (open >= 19_900) {
        return "the server's open-file cap (" + n.name() + " holds " + open + " of 20,000 fds)";
      }
    }
    if (joined.contains("Too many open files")) {
      return "a process's open-file cap (20,000 here): " + joined;
    }
    if (joined.contains("Cannot assign requested address")) {
      return "ephemeral ports of a source address: " + joined;
    }
    return "connection failures: " + joined;
  }
}
