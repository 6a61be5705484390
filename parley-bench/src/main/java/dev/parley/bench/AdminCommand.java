package dev.parley.bench;

import dev.parley.store.Database;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code parley admin}: administrative tools that work on the store directly. */
@Command(
    name = "admin",
    description = "Administrative tools that write to the store directly (server stopped)",
    mixinStandardHelpOptions = true,
    subcommands = {AdminCommand.Seed.class})
final class AdminCommand {

  @Command(
      name = "seed",
      mixinStandardHelpOptions = true,
      description = {
        "Bulk-creates users with sessions (and direct threads, groups, a long history thread)"
            + " with batched inserts, for load tests. Every user's password is '"
            + Seeder.PASSWORD
            + "'; the tokens are written to --tokens-file (user_id, token, thread ids; one line"
            + " per session). Run it while no node uses the embedded data directory."
      })
  static final class Seed implements Callable<Integer> {
    @Option(names = "--data-dir", defaultValue = "./data", description = "SQLite data directory")
    Path dataDir;

    @Option(names = "--store", defaultValue = "sqlite", description = "sqlite or postgres")
    String store;

    @Option(names = "--db-url", description = "PostgreSQL JDBC URL (--store postgres)")
    String dbUrl;

    @Option(names = "--db-schema", description = "PostgreSQL schema (created when missing)")
    String dbSchema;

    @Option(names = "--users", required = true)
    int users;

    @Option(names = "--sessions-per-user", defaultValue = "1")
    int sessionsPerUser;

    @Option(names = "--direct-pairs", defaultValue = "0", description = "users 2i, 2i+1 paired")
    int directPairs;

    @Option(names = "--groups", defaultValue = "0")
    int groups;

    @Option(names = "--group-size", defaultValue = "0")
    int groupSize;

    @Option(
        names = "--history-messages",
        defaultValue = "0",
        description = "messages in one history group of users 0 and 1")
    long historyMessages;

    @Option(names = "--body-bytes", defaultValue = "100")
    int bodyBytes;

    @Option(names = "--prefix", defaultValue = "bench", description = "usernames are <prefix>N")
    String prefix;

    @Option(names = "--tokens-file", defaultValue = "tokens.tsv")
    Path tokensFile;

    @Override
    public Integer call() throws Exception {
      Database db =
          "postgres".equals(store)
              ? Seeder.openPostgres(dbUrl, dbSchema)
              : Seeder.openSqlite(dataDir);
      Seeder.Seeded seeded;
      try (db) {
        seeded =
            new Seeder(db)
                .seed(
                    new Seeder.Spec(
                        users,
                        sessionsPerUser,
                        directPairs,
                        groups,
                        groupSize,
                        historyMessages,
                        bodyBytes,
                        prefix));
      }
      Seeder.writeTokens(tokensFile, seeded.accounts());
      System.out.printf(
          "seeded %,d users, %,d sessions, %,d direct threads, %,d groups of %d, %,d history"
              + " messages%s in %,d ms; tokens in %s%n",
          users,
          seeded.accounts().size(),
          directPairs,
          groups,
          groupSize,
          historyMessages,
          seeded.historyThread() == null ? "" : " (thread " + seeded.historyThread() + ")",
          seeded.millis(),
          tokensFile.toAbsolutePath());
      return 0;
    }
  }
}
