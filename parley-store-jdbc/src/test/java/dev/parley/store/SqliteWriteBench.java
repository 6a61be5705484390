package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.model.ChatThread;
import dev.parley.core.model.MessageKind;
import dev.parley.core.model.User;
import dev.parley.core.store.MessageDraft;
import dev.parley.core.store.StoreFixture;
import dev.parley.core.task.TaskRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Appends under concurrency on a SQLite file with {@code synchronous=FULL}, one transaction per
 * write ({@link SqliteDatabase.Writes#SERIAL}) against group commit ({@link
 * SqliteDatabase.Writes#GROUPED}), in one run so that the machine's load weighs on both alike.
 * Excluded from the build (tag {@code bench}); run it with
 *
 * <pre>
 * mvn -B -ntp -pl parley-store-jdbc -am test -Dtest=SqliteWriteBench \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dbench.excludedGroups=none
 * </pre>
 *
 * and optionally {@code -Dbench.appenders=1,16,64 -Dbench.seconds=5 -Dbench.rounds=2
 * -Dbench.writes=SERIAL,GROUPED -Dbench.callers=virtual} ({@code platform}: appenders on platform
 * threads). The report is printed and written to {@code target/sqlite-write-bench.txt}.
 */
@Tag("bench")
class SqliteWriteBench {
  private static final int THREADS = 8;
  private static final Duration WARMUP = Duration.ofSeconds(1);

  @TempDir Path tmp;

  private final StringBuilder report = new StringBuilder();

  /** The server calls the store from virtual threads; platform ones show the hand-off's cost. */
  private final boolean platformCallers =
      System.getProperty("bench.callers", "virtual").equals("platform");

  private record Result(
      SqliteDatabase.Writes writes,
      int appenders,
      long appends,
      double perSecond,
      double p50Millis,
      double p99Millis,
      double maxMillis,
      double writesPerCommit,
      String load) {}

  @Test
  void appendsPerSecondWithAndWithoutGroupCommit() throws Exception {
    int[] appenders =
        Arrays.stream(System.getProperty("bench.appenders", "1,16,64").split(","))
            .mapToInt(s -> Integer.parseInt(s.trim()))
            .toArray();
    Duration measured = Duration.ofSeconds(Long.getLong("bench.seconds", 5));
    int rounds = Integer.getInteger("bench.rounds", 2);
    List<SqliteDatabase.Writes> modes =
        Arrays.stream(System.getProperty("bench.writes", "SERIAL,GROUPED").split(","))
            .map(s -> SqliteDatabase.Writes.valueOf(s.trim()))
            .toList();
    line(
        "SQLite appendMessage, synchronous=FULL, %d group threads, %s callers, %s warm-up + %s"
            + " measured, %d round(s); cores %d; load at start %s",
        THREADS,
        platformCallers ? "platform" : "virtual",
        WARMUP,
        measured,
        rounds,
        Runtime.getRuntime().availableProcessors(),
        load());
    line(
        "%-7s %9s %10s %9s %9s %9s %12s %s",
        "writes", "appenders", "msgs/s", "p50 ms", "p99 ms", "max ms", "writes/commit", "load");
    List<Result> results = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      for (int n : appenders) {
        for (SqliteDatabase.Writes writes : modes) {
          Result r = measure(writes, n, measured, tmp.resolve(writes + "-" + n + "-" + round));
          results.add(r);
          line(
              "%-7s %9d %10.0f %9.2f %9.2f %9.2f %12.1f %s",
              r.writes(),
              r.appenders(),
              r.perSecond(),
              r.p50Millis(),
              r.p99Millis(),
              r.maxMillis(),
              r.writesPerCommit(),
              r.load());
        }
      }
    }
    line("mean over rounds, GROUPED / SERIAL:");
    for (int n : modes.size() == 2 ? appenders : new int[0]) {
      Result serial = mean(results, SqliteDatabase.Writes.SERIAL, n);
      Result grouped = mean(results, SqliteDatabase.Writes.GROUPED, n);
      line(
          "%3d appender(s): %8.0f vs %8.0f msgs/s = x%.2f; p50 %.2f vs %.2f ms; p99 %.2f vs %.2f ms",
          n,
          grouped.perSecond(),
          serial.perSecond(),
          grouped.perSecond() / serial.perSecond(),
          grouped.p50Millis(),
          serial.p50Millis(),
          grouped.p99Millis(),
          serial.p99Millis());
    }
    line("load at end %s", load());
    Files.writeString(Path.of("target", "sqlite-write-bench.txt"), report);
  }

  private Result measure(SqliteDatabase.Writes writes, int appenders, Duration measured, Path dir)
      throws Exception {
    try (SqliteDatabase db = SqliteDatabase.open(dir, writes);
        JdbcStore store = new JdbcStore(db)) {
      StoreFixture f = new StoreFixture(store);
      User[] senders = new User[appenders];
      for (int i = 0; i < appenders; i++) {
        senders[i] = f.user("s" + i);
      }
      List<ChatThread> threads = new ArrayList<>();
      for (int i = 0; i < THREADS; i++) {
        threads.add(f.group("g" + i, senders[0], Arrays.copyOfRange(senders, 1, appenders)));
      }
      long start = System.nanoTime();
      long measureFrom = start + WARMUP.toNanos();
      long end = measureFrom + measured.toNanos();
      long commitsBefore = db.groupCommits();
      long writesBefore = db.groupCommittedWrites();
      AtomicLong appended = new AtomicLong();
      List<long[]> latencies = new ArrayList<>();
      List<Thread> running = new ArrayList<>();
      String loadAtStart = load();
      for (int i = 0; i < appenders; i++) {
        User sender = senders[i];
        ChatThread thread = threads.get(i % THREADS);
        long[][] mine = {new long[1024]};
        int[] count = {0};
        running.add(
            (platformCallers ? Thread.ofPlatform() : Thread.ofVirtual())
                .start(
                    () -> {
                      for (long n = 0; ; n++) {
                        long t0 = System.nanoTime();
                        if (t0 >= end) {
                          break;
                        }
                        String id = sender.id() + "-" + n;
                        store.appendMessage(
                            new MessageDraft(
                                "m-" + id,
                                thread.id(),
                                sender.id(),
                                MessageKind.TEXT,
                                "message " + n,
                                "c-" + id,
                                Instant.now()),
                            m -> List.of(new TaskRequest("t-" + id, "fanout", Map.of())));
                        appended.incrementAndGet();
                        if (t0 >= measureFrom) {
                          if (count[0] == mine[0].length) {
                            mine[0] = Arrays.copyOf(mine[0], count[0] * 2);
                          }
                          mine[0][count[0]++] = System.nanoTime() - t0;
                        }
                      }
                      synchronized (latencies) {
                        latencies.add(Arrays.copyOf(mine[0], count[0]));
                      }
                    }));
      }
      for (Thread t : running) {
        t.join();
      }
      long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
      long stored =
          threads.stream()
              .mapToLong(t -> store.findThread(t.id()).orElseThrow().lastSeq() - 1)
              .sum();
      assertThat(stored).isEqualTo(appended.get());
      long commits = db.groupCommits() - commitsBefore;
      double perCommit =
          commits == 0 ? 1 : (double) (db.groupCommittedWrites() - writesBefore) / commits;
      return new Result(
          writes,
          appenders,
          all.length,
          all.length / (measured.toNanos() / 1e9),
          millis(all, 0.50),
          millis(all, 0.99),
          all.length == 0 ? 0 : all[all.length - 1] / 1e6,
          perCommit,
          loadAtStart);
    }
  }

  private static double millis(long[] sorted, double quantile) {
    if (sorted.length == 0) {
      return 0;
    }
    int index = (int) Math.ceil(quantile * sorted.length) - 1;
    return sorted[Math.max(0, index)] / 1e6;
  }

  private static Result mean(List<Result> results, SqliteDatabase.Writes writes, int appenders) {
    List<Result> of =
        results.stream().filter(r -> r.writes() == writes && r.appenders() == appenders).toList();
    return new Result(
        writes,
        appenders,
        of.stream().mapToLong(Result::appends).sum(),
        of.stream().mapToDouble(Result::perSecond).average().orElse(0),
        of.stream().mapToDouble(Result::p50Millis).average().orElse(0),
        of.stream().mapToDouble(Result::p99Millis).average().orElse(0),
        of.stream().mapToDouble(Result::maxMillis).max().orElse(0),
        of.stream().mapToDouble(Result::writesPerCommit).average().orElse(0),
        "");
  }

  private static String load() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  private void line(String format, Object... args) {
    String text = String.format(Locale.ROOT, format, args);
    System.out.println(text);
    report.append(text).append('\n');
  }
}
