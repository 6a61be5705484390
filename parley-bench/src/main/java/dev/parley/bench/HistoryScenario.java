package dev.parley.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code history}: a thread with a million messages (seeded), then open-loop REST reads: the latest
 * page and pages further back at random points, alternately.
 */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    description = "latency of the latest page and of paging back in a long thread")
final class HistoryScenario implements Callable<Integer> {
  @Mixin Setup setup;

  @Option(names = "--messages", defaultValue = "1000000")
  long messages;

  @Option(names = "--rate", defaultValue = "500", description = "page requests per second")
  double rate;

  @Option(names = "--page", defaultValue = "50", description = "limit of each page")
  int page;

  @Option(names = "--duration", defaultValue = "30s", converter = Durations.class)
  Duration duration;

  @Option(names = "--warmup", defaultValue = "10s", converter = Durations.class)
  Duration warmup;

  @Option(names = "--connections", defaultValue = "16", description = "HTTP connections")
  int connections;

  @Option(names = "--body-bytes", defaultValue = "100")
  int bodyBytes;

  @Override
  public Integer call() throws Exception {
    Report report = new Report(setup.out, "history");
    Path dir = report.dir().resolve("history");
    System.out.printf("seeding a thread of %,d messages ...%n", messages);
    Seeder.Seeded seeded;
    try (var db = setup.openStore(dir)) {
      seeded = new Seeder(db).seed(new Seeder.Spec(2, 1, 0, 0, 0, messages, bodyBytes, "bh"));
    }
    System.out.printf("seeded in %,d ms%n", seeded.millis());
    String token = seeded.accounts().get(0).token();
    String thread = seeded.historyThread();
    Recorder latest = new Recorder(3);
    Recorder back = new Recorder(3);
    LongAdder errors = new LongAdder();
    LongAdder sent = new LongAdder();
    LongAdder done = new LongAdder();
    Map<String, Object> out = new LinkedHashMap<>();
    List<Node> nodes = setup.startParley(dir, List.of());
    Vertx vertx = Vertx.vertx();
    try {
      HttpClient http =
          vertx.createHttpClient(
              new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
              new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
      int port = nodes.get(0).port();
      long base = System.nanoTime();
      Pacer.Op op =
          (n, intended) -> {
            boolean isLatest = n % 2 == 0;
            String uri = "/api/v1/threads/" + thread + "/messages?limit=" + page;
            if (!isLatest) {
              long before = ThreadLocalRandom.current().nextLong(page + 1, messages + 1);
              uri += "&before_seq=" + before;
            }
            Recorder r = isLatest ? latest : back;
            sent.increment();
            http.request(
                    new RequestOptions()
                        .setMethod(HttpMethod.GET)
                        .setHost("127.0.0.1")
                        .setPort(port)
                        .setURI(uri)
                        .addHeader("Authorization", "Bearer " + token))
                .compose(req -> req.send().compose(resp -> resp.body().map(b -> resp.statusCode())))
                .onComplete(
                    res -> {
                      done.increment();
                      if (res.failed() || res.result() != 200) {
                        errors.increment();
                      } else {
                        r.recordValue(Math.max(0, (System.nanoTime() - base - intended) / 1000));
                      }
                    });
          };
      Pacer.Progress progress =
          () ->
              String.format(
                  "answered %,d errors %d load %.2f",
                  done.sum(), errors.sum(), Machine.loadAverage());
      Pacer.run(rate, warmup, () -> System.nanoTime() - base, op, sent::sum, progress, "warmup");
      latest.getIntervalHistogram();
      back.getIntervalHistogram();
      long before = done.sum();
      long t0 = System.nanoTime();
      Pacer.run(rate, duration, () -> System.nanoTime() - base, op, sent::sum, progress, "history");
      double seconds = (System.nanoTime() - t0) / 1e9;
      double throughput = (done.sum() - before) / seconds;
      WsLoad.await(() -> done.sum() >= sent.sum(), Duration.ofSeconds(15));
      Histogram l = latest.getIntervalHistogram();
      Histogram b = back.getIntervalHistogram();
      out.put("thread_messages", messages);
      out.put("page_limit", page);
      out.put("target_rate_per_s", rate);
      out.put("answered_per_s", Math.round(throughput));
      out.put("errors", errors.sum());
      out.put("http_connections", connections);
      out.put("parley_setup", setup.describe());
      out.put("latest_page", report.latency("latest-page", l));
      out.put("page_back", report.latency("page-back", b));
      out.put("server_rss_bytes", nodes.get(0).rssBytes());
      report.put("history", out);
      report.line("");
      report.line(
          String.format(
              Locale.ROOT,
              "== history: thread of %,d messages, pages of %d, %,.0f requests/s (half latest, half"
                  + " at a random point further back), %d HTTP connections, %s",
              messages,
              page,
              rate,
              connections,
              setup.describe()));
      report.line(
          String.format(
              Locale.ROOT,
              "answered %,.0f/s, errors %d, load average %.2f",
              throughput,
              errors.sum(),
              Machine.loadAverage()));
      report.line(Report.latencyHeader());
      report.line(Report.latencyRow("latest page", l));
      report.line(Report.latencyRow("page back", b));
    } finally {
      vertx.close().await();
      nodes.forEach(Node::close);
      setup.cleanup();
    }
    report.finish();
    return 0;
  }
}
