package dev.parley.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Option;

/** How the servers under test are started; shared by the scenarios. */
final class Setup {
  @Option(
      names = "--nodes",
      defaultValue = "1",
      description = "Parley nodes; more than 1 = cluster mode (PostgreSQL store, Redis bus)")
  int nodes;

  @Option(
      names = "--store",
      defaultValue = "",
      description = "sqlite or postgres (default: sqlite for 1 node, postgres for a cluster)")
  String store;

  @Option(
      names = "--db-url",
      defaultValue = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres",
      description = "PostgreSQL JDBC URL for cluster runs")
  String dbUrl;

  @Option(
      names = "--redis-url",
      defaultValue = "redis://127.0.0.1:6379",
      description = "Redis URL for cluster runs")
  String redisUrl;

  @Option(
      names = "--server-heap",
      defaultValue = "1g",
      description = "-Xmx of each server process (Parley and baseline alike)")
  String serverHeap;

  @Option(
      names = "--server-opts",
      defaultValue = "",
      description = "extra JVM options of the server processes, space-separated")
  String serverOpts;

  @Option(
      names = "--out",
      defaultValue = "bench-results",
      description = "where result directories are written")
  Path out;

  private final String schema =
      "bench_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());

  boolean postgres() {
    return store.isEmpty() ? nodes > 1 : "postgres".equals(store);
  }

  String describe() {
    return postgres()
        ? nodes + " node(s), PostgreSQL store, " + (nodes > 1 ? "Redis bus" : "local bus")
        : "1 node, embedded SQLite store (WAL, synchronous=FULL), local bus";
  }

  List<String> jvm() {
    List<String> jvm = new ArrayList<>();
    jvm.add("-Xmx" + serverHeap);
    for (String o : serverOpts.trim().split("\\s+")) {
      if (!o.isEmpty()) {
        jvm.add(o);
      }
    }
    return jvm;
  }

  /** Opens the store the nodes will use, for seeding. */
  dev.parley.store.Database openStore(Path dir) {
    return postgres()
        ? Seeder.openPostgres(dbUrl, schema)
        : Seeder.openSqlite(dir.resolve("node0").resolve("data"));
  }

  /**
   * The serve options of every node: the per-user send limit is lifted (the bench drives thousands
   * of messages per second through a few hundred users; stated in every result).
   */
  List<String> serveOptions(List<String> extra) {
    List<String> o = new ArrayList<>();
    o.add("--send-rate=1000000");
    o.add("--send-burst=1000000");
    if (postgres()) {
      o.add("--store=postgres");
      o.add("--db-url=" + dbUrl);
      o.add("--db-schema=" + schema);
      if (nodes > 1) {
        o.add("--bus=redis");
        o.add("--redis-url=" + redisUrl);
        o.add("--namespace=" + schema);
      } else {
        o.add("--single-node=true");
      }
    }
    o.addAll(extra);
    return o;
  }

  List<Node> startParley(Path dir, List<String> extra) throws IOException {
    List<Node> started = new ArrayList<>();
    try {
      for (int i = 0; i < nodes; i++) {
        started.add(Node.parley("parley" + i, dir.resolve("node" + i), jvm(), serveOptions(extra)));
      }
    } catch (IOException | RuntimeException e) {
      started.forEach(Node::close);
      throw e;
    }
    return started;
  }

  /** Drops the PostgreSQL schema of this run (cluster runs only). */
  void cleanup() {
    if (!postgres()) {
      return;
    }
    try (Connection c = DriverManager.getConnection(dbUrl);
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } catch (SQLException e) {
      System.err.println("could not drop schema " + schema + ": " + e.getMessage());
    }
  }
}
