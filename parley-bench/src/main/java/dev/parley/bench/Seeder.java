package dev.parley.bench;

import dev.parley.core.account.TokenHash;
import dev.parley.core.port.TimeOrderedIds;
import dev.parley.server.security.Argon2Hasher;
import dev.parley.store.Database;
import dev.parley.store.PostgresDatabase;
import dev.parley.store.SqliteDatabase;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Bulk seeding straight into the store's tables with batched inserts: users (one Argon2id hash of
 * {@link #PASSWORD}, computed once and reused), sessions (only the SHA-256 of each token is
 * stored), direct threads between user pairs, groups, and a long history thread. The tokens are
 * written to a file for the load clients, one line per session: {@code user_id TAB token TAB
 * thread_ids}.
 */
public final class Seeder {
  /** The password of every seeded user. */
  public static final String PASSWORD = "bench-password";

  private static final int BATCH = 5_000;

  /** What to create. Users are numbered 0..users-1 with usernames {@code <prefix>N}. */
  public record Spec(
      int users,
      int sessionsPerUser,
      int directPairs,
      int groups,
      int groupSize,
      long historyMessages,
      int bodyBytes,
      String prefix) {}

  /** One seeded session, as the clients need it. */
  public record Account(String userId, String token, List<String> threadIds) {}

  /** What was created; {@code historyThread} is null when no history was asked for. */
  public record Seeded(List<Account> accounts, String historyThread, long millis) {}

  private final Database db;
  private final TimeOrderedIds ids = new TimeOrderedIds(Clock.systemUTC());
  private final SecureRandom random = new SecureRandom();

  public Seeder(Database db) {
    this.db = db;
  }

  public static Database openSqlite(Path dataDir) {
    return SqliteDatabase.open(dataDir);
  }

  public static Database openPostgres(String url, String schema) {
    return PostgresDatabase.open(url, schema, 4);
  }

  public Seeded seed(Spec spec) {
    if (spec.directPairs() * 2 > spec.users()) {
      throw new IllegalArgumentException("direct pairs need 2 users each: too few users");
    }
    if ((long) spec.groups() * spec.groupSize() > spec.users()) {
      throw new IllegalArgumentException("groups * group size exceeds the number of users");
    }
    long start = System.nanoTime();
    long now = System.currentTimeMillis();
    String hash = Argon2Hasher.standard(1).hash(PASSWORD);
    List<String> userIds = new ArrayList<>(spec.users());
    for (int i = 0; i < spec.users(); i++) {
      userIds.add(ids.next());
    }
    List<List<String>> threadsOf = new ArrayList<>(spec.users());
    for (int i = 0; i < spec.users(); i++) {
      threadsOf.add(new ArrayList<>(2));
    }
    batch(
        "INSERT INTO users (id, username, display_name, password_hash, created_at) VALUES (?, ?, ?,"
            + " ?, ?)",
        spec.users(),
        (ps, i) -> {
          ps.setString(1, userIds.get(i));
          ps.setString(2, spec.prefix() + i);
          ps.setString(3, spec.prefix() + i);
          ps.setString(4, hash);
          ps.setLong(5, now);
        });
    List<String[]> threads = new ArrayList<>(); // id, kind, title, participant hash, created by
    List<String[]> members = new ArrayList<>(); // thread id, user id, role
    for (int p = 0; p < spec.directPairs(); p++) {
      String a = userIds.get(2 * p);
      String b = userIds.get(2 * p + 1);
      String id = ids.next();
      threads.add(new String[] {id, "direct", null, participantHash(a, b), a});
      members.add(new String[] {id, a, "member"});
      members.add(new String[] {id, b, "member"});
      threadsOf.get(2 * p).add(id);
      threadsOf.get(2 * p + 1).add(id);
    }
    for (int g = 0; g < spec.groups(); g++) {
      String id = ids.next();
      int first = g * spec.groupSize();
      threads.add(new String[] {id, "group", "bench group " + g, null, userIds.get(first)});
      for (int m = 0; m < spec.groupSize(); m++) {
        members.add(new String[] {id, userIds.get(first + m), m == 0 ? "owner" : "member"});
        threadsOf.get(first + m).add(id);
      }
    }
    String history = null;
    if (spec.historyMessages() > 0) {
      history = ids.next();
      threads.add(new String[] {history, "group", "bench history", null, userIds.get(0)});
      members.add(new String[] {history, userIds.get(0), "owner"});
      threadsOf.get(0).add(history);
      if (spec.users() > 1) {
        members.add(new String[] {history, userIds.get(1), "member"});
        threadsOf.get(1).add(history);
      }
    }
    String historyId = history;
    batch(
        "INSERT INTO threads (id, kind, title, owner_id, participant_hash, created_by, created_at,"
            + " updated_at, last_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        threads.size(),
        (ps, i) -> {
          String[] t = threads.get(i);
          ps.setString(1, t[0]);
          ps.setString(2, t[1]);
          ps.setString(3, t[2]);
          ps.setString(4, "group".equals(t[1]) ? t[4] : null);
          ps.setString(5, t[3]);
          ps.setString(6, t[4]);
          ps.setLong(7, now);
          ps.setLong(8, now);
          ps.setLong(9, t[0].equals(historyId) ? spec.historyMessages() : 0);
        });
    batch(
        "INSERT INTO thread_members (thread_id, user_id, role, joined_at, joined_seq,"
            + " last_read_seq, muted) VALUES (?, ?, ?, ?, 1, 0, 0)",
        members.size(),
        (ps, i) -> {
          String[] m = members.get(i);
          ps.setString(1, m[0]);
          ps.setString(2, m[1]);
          ps.setString(3, m[2]);
          ps.setLong(4, now);
        });
    List<Account> accounts = new ArrayList<>(spec.users() * spec.sessionsPerUser());
    List<String> hashes = new ArrayList<>();
    for (int i = 0; i < spec.users(); i++) {
      for (int s = 0; s < spec.sessionsPerUser(); s++) {
        String token = token();
        accounts.add(new Account(userIds.get(i), token, List.copyOf(threadsOf.get(i))));
        hashes.add(TokenHash.of(token));
      }
    }
    batch(
        "INSERT INTO sessions (token_hash, user_id, device_id, device_name, created_at,"
            + " last_used_at) VALUES (?, ?, ?, 'bench', ?, ?)",
        accounts.size(),
        (ps, i) -> {
          ps.setString(1, hashes.get(i));
          ps.setString(2, accounts.get(i).userId());
          ps.setString(3, ids.next());
          ps.setLong(4, now);
          ps.setLong(5, now);
        });
    if (historyId != null) {
      String body = "h".repeat(Math.max(1, spec.bodyBytes()));
      String sender = userIds.get(0);
      long total = spec.historyMessages();
      for (long done = 0; done < total; done += BATCH * 4L) {
        long from = done;
        int count = (int) Math.min(BATCH * 4L, total - done);
        batch(
            "INSERT INTO messages (thread_id, seq, id, sender_id, kind, body, client_msg_id,"
                + " created_at) VALUES (?, ?, ?, ?, 'text', ?, ?, ?)",
            count,
            (ps, i) -> {
              long seq = from + i + 1;
              ps.setString(1, historyId);
              ps.setLong(2, seq);
              ps.setString(3, ids.next());
              ps.setString(4, sender);
              ps.setString(5, body);
              ps.setString(6, "seed-" + seq);
              ps.setLong(7, now);
            });
      }
    }
    return new Seeded(accounts, historyId, (System.nanoTime() - start) / 1_000_000);
  }

  /** Writes one line per session: user id, token, comma-separated thread ids. */
  public static void writeTokens(Path file, List<Account> accounts) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (Account a : accounts) {
        out.write(a.userId() + "\t" + a.token() + "\t" + String.join(",", a.threadIds()));
        out.newLine();
      }
    }
  }

  public static List<Account> readTokens(Path file) throws IOException {
    try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
      return lines
          .filter(l -> !l.isBlank())
          .map(
              l -> {
                String[] f = l.split("\t", -1);
                List<String> threads =
                    f.length > 2 && !f[2].isEmpty() ? List.of(f[2].split(",")) : List.of();
                return new Account(f[0], f[1], threads);
              })
          .collect(Collectors.toList());
    }
  }

  private String token() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The participant hash of a direct thread, as the thread service computes it. */
  static String participantHash(String a, String b) {
    return TokenHash.of(Stream.of(a, b).sorted().collect(Collectors.joining("\n")));
  }

  @FunctionalInterface
  private interface Binder {
    void bind(PreparedStatement ps, int index) throws java.sql.SQLException;
  }

  private void batch(String sql, int rows, Binder binder) {
    for (int from = 0; from < rows; from += BATCH) {
      int start = from;
      int end = Math.min(rows, from + BATCH);
      db.write(
          c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
              for (int i = start; i < end; i++) {
                binder.bind(ps, i);
                ps.addBatch();
              }
              ps.executeBatch();
            }
            return null;
          });
    }
  }
}
