package dev.parley.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code parley bench <scenario>}. */
@Command(
    name = "bench",
    description =
        "Load benchmarks; each run is bounded and writes bench-results/<time>-<scenario>/",
    mixinStandardHelpOptions = true,
    subcommands = {
      BenchCommand.Direct.class,
      BenchCommand.Fanout.class,
      BenchCommand.Baseline.class,
      HistoryScenario.class,
      ConnectionsScenario.class,
      SoakScenario.class
    })
final class BenchCommand {

  static MessagingScenario.Workload direct(int pairs, int bodyBytes) {
    return new MessagingScenario.Workload(
        "direct",
        new Seeder.Spec(2 * pairs, 1, pairs, 0, 0, 0, bodyBytes, "bd"),
        accounts -> Messaging.pairs(accounts, pairs),
        pairs + " pairs, durable 1:1 messages over WebSocket");
  }

  static MessagingScenario.Workload fanout(int groups, int members, int bodyBytes) {
    return new MessagingScenario.Workload(
        "fanout",
        new Seeder.Spec(groups * members, 1, 0, groups, members, 0, bodyBytes, "bf"),
        accounts -> Messaging.groups(accounts, groups, members),
        groups + " groups of " + members + " online members");
  }

  @Command(
      name = "direct",
      mixinStandardHelpOptions = true,
      description = "P pairs exchanging durable 1:1 messages at a fixed rate")
  static final class Direct extends MessagingScenario {
    @Option(names = "--pairs", defaultValue = "500")
    int pairs;

    @Override
    public Integer call() throws Exception {
      Report report = new Report(setup.out, "direct");
      double r = rate > 0 ? rate : 5000;
      report.put("direct", runWorkload(report, direct(pairs, bodyBytes), r));
      report.finish();
      return 0;
    }
  }

  @Command(
      name = "fanout",
      mixinStandardHelpOptions = true,
      description = "G groups of M online members, senders at a fixed rate")
  static final class Fanout extends MessagingScenario {
    @Option(names = "--groups", defaultValue = "20")
    int groups;

    @Option(names = "--members", defaultValue = "50")
    int members;

    @Override
    public Integer call() throws Exception {
      Report report = new Report(setup.out, "fanout");
      double r = rate > 0 ? rate : 1000;
      report.put("fanout", runWorkload(report, fanout(groups, members, bodyBytes), r));
      report.finish();
      return 0;
    }
  }

  @Command(
      name = "baseline",
      mixinStandardHelpOptions = true,
      description = "direct and fanout, each on Parley and on the bare baseline server")
  static final class Baseline extends MessagingScenario {
    @Option(names = "--pairs", defaultValue = "500")
    int pairs;

    @Option(names = "--direct-rate", defaultValue = "5000")
    double directRate;

    @Option(names = "--groups", defaultValue = "20")
    int groups;

    @Option(names = "--members", defaultValue = "50")
    int members;

    @Option(names = "--fanout-rate", defaultValue = "1000")
    double fanoutRate;

    @Override
    public Integer call() throws Exception {
      baseline = true;
      Report report = new Report(setup.out, "baseline");
      Map<String, Object> all = new LinkedHashMap<>();
      all.put("direct", runWorkload(report, direct(pairs, bodyBytes), directRate));
      all.put("fanout", runWorkload(report, fanout(groups, members, bodyBytes), fanoutRate));
      report.put("workloads", all);
      report.finish();
      return 0;
    }
  }

  static List<String> names() {
    return List.of("direct", "fanout", "baseline", "history", "connections", "soak");
  }
}
