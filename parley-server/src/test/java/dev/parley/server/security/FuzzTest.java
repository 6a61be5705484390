package dev.parley.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.server.testing.Answer;
import dev.parley.server.testing.ApiClient;
import dev.parley.server.testing.TestServer;
import dev.parley.server.testing.TestUser;
import dev.parley.server.testing.WsClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

/**
 * A seeded fuzz test of the REST API and the WebSocket: at least 100,000 hostile inputs (see {@link
 * HostileInput}), every one invalid. Every REST answer must be a 4xx with the JSON error shape;
 * every WebSocket message an {@code error} frame (a ping its pong) on a connection that stays open,
 * except messages over 64 KiB, which close it with 1009. Afterwards the server must be up and no
 * record may have changed: the fuzzing users' threads, members, settings, messages and devices as
 * the API shows them, and every row of the store's tables.
 *
 * <p>By default 30,000 REST requests go over 8 keep-alive connections and 72,000 WebSocket messages
 * over 4 connections, in batches of 500 each followed by a ping whose pong must come. The inputs
 * are generated on one thread, in order, from {@code new Random(seed)}; only the order in which the
 * server sees them varies. The seed is {@code -Dparley.fuzz.seed=<seed>} when given (to replay a
 * failure: it is printed, and in the failure message with each offending input), else a fresh one.
 * {@code -Dparley.fuzz.rest=} and {@code -Dparley.fuzz.ws=} change the numbers.
 */
class FuzzTest {
  private static final int REST_INPUTS = Integer.getInteger("parley.fuzz.rest", 30_000);
  private static final int WS_INPUTS = Integer.getInteger("parley.fuzz.ws", 72_000);
  private static final int REST_OVERSIZE = 6;
  private static final int WS_OVERSIZE = 12;
  private static final int HTTP_CONCURRENCY = Integer.getInteger("parley.fuzz.http", 8);
  private static final int SOCKETS = 4;
  private static final int BATCH = 500;
  private static final Set<String> FRAME_ERRORS =
      Set.of("invalid_request", "not_found", "payload_too_large", "rate_limited");
  private static final Map<Integer, String> REST_ERRORS =
      Map.of(
          400, "invalid_request",
          401, "unauthorized",
          403, "forbidden",
          404, "not_found",
          413, "payload_too_large",
          429, "rate_limited");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir static Path dir;
  static TestServer server;
  static ApiClient api;
  static TestUser fa;
  static TestUser fb;
  static TestUser fc;
  static String group;
  static String direct;

  @BeforeAll
  static void start() {
    server = new TestServer(dir);
    api = server.client();
    fa = api.newUser("fuzza");
    fb = api.newUser("fuzzb");
    fc = api.newUser("fuzzc");
    group = fa.group("fuzz group", fb);
    direct = fa.directWith(fb);
    fa.send(group, "first");
    fb.send(group, "second");
    fb.send(direct, "third");
    assertThat(
            fa.call("PATCH", "/api/v1/threads/" + group + "/settings", Map.of("nickname", "nick"))
                .status())
        .isEqualTo(200);
    assertThat(
            fa.call(
                    "PATCH",
                    "/api/v1/threads/" + direct + "/settings",
                    Map.of("muted", true, "nickname", "dm"))
                .status())
        .isEqualTo(200);
    assertThat(
            fa.post(
                    "/api/v1/devices",
                    Map.of("platform", "webhook", "token", "https://hooks.example/fuzz"))
                .status())
        .isEqualTo(201);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** Failures counted by kind; the first two of each kind in full, with the seed and the input. */
  static final class Failures {
    final long seed;
    final ConcurrentLinkedQueue<String> list = new ConcurrentLinkedQueue<>();
    final Map<String, LongAdder> kinds = new ConcurrentHashMap<>();
    final AtomicInteger count = new AtomicInteger();

    Failures(long seed) {
      this.seed = seed;
    }

    void add(String kind, String what) {
      LongAdder ofKind = kinds.computeIfAbsent(kind, k -> new LongAdder());
      ofKind.increment();
      count.incrementAndGet();
      if (ofKind.sum() <= 2 && list.size() < 60) {
        String line = "FUZZ FAILURE seed=" + seed + ": " + kind + ": " + what;
        System.out.println(line);
        list.add(line);
      }
    }

    String report() {
      return count.get()
          + " failure(s); replay with -Dparley.fuzz.seed="
          + seed
          + "\nby kind: "
          + new TreeMap<>(kinds)
          + "\n"
          + String.join("\n", list);
    }
  }

  final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

  private void count(String key) {
    counts.computeIfAbsent(key, k -> new LongAdder()).increment();
  }

  @Test
  void hostileInputGetsOnly4xxOrErrorFramesAndChangesNothing() throws Exception {
    Long fixed = Long.getLong("parley.fuzz.seed");
    long seed = fixed != null ? fixed : new SecureRandom().nextLong();
    System.out.println("FuzzTest seed=" + seed + " (replay: -Dparley.fuzz.seed=" + seed + ")");
    Map<String, String> apiBefore = apiState();
    Map<String, List<String>> storeBefore = storeState();
    HostileInput gen =
        new HostileInput(
            seed,
            new HostileInput.Targets(
                List.of(group, direct),
                List.of(fa.id(), fb.id()),
                List.of(fa.token(), fb.token()),
                fc.id()));
    Failures failures = new Failures(seed);

    long started = System.nanoTime();
    long cpuStarted = cpuNanos();
    fuzzRest(gen, failures);
    long restDone = System.nanoTime();
    long cpuRest = cpuNanos();
    fuzzWebSocket(gen, failures);
    long wsDone = System.nanoTime();
    long cpuWs = cpuNanos();

    Map<String, String> apiAfter = apiState();
    Map<String, List<String>> storeAfter = storeState();
    System.out.println(
        summary(
            seed, restDone - started, wsDone - restDone, cpuRest - cpuStarted, cpuWs - cpuRest));

    List<String> problems = new ArrayList<>();
    if (failures.count.get() > 0) {
      problems.add(failures.report());
    }
    if (!apiAfter.equals(apiBefore)) {
      problems.add("the API shows a changed record: " + diff(apiBefore, apiAfter));
    }
    if (!storeAfter.equals(storeBefore)) {
      problems.add("a stored row changed: " + diff(storeBefore, storeAfter));
    }
    if (!problems.isEmpty()) {
      String report = "seed=" + seed + ": " + String.join("\n", problems);
      System.out.println("FUZZ FAILED " + report);
      throw new AssertionError(report);
    }
    assertThat(counts.get("rest").sum() + counts.get("ws").sum())
        .as("inputs sent")
        .isEqualTo(REST_INPUTS + WS_INPUTS);
    theServerIsStillUp(seed);
  }

  // ---------------------------------------------------------------------------------------------
  // REST

  private void fuzzRest(HostileInput gen, Failures failures) throws InterruptedException {
    BlockingQueue<HostileInput.Rest> queue = new ArrayBlockingQueue<>(4 * HTTP_CONCURRENCY);
    HostileInput.Rest end = new HostileInput.Rest(-1, "end", "GET", "/", null, null, 0);
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < HTTP_CONCURRENCY; i++) {
        threads.submit(
            () -> {
              try (RawHttp http = new RawHttp(server.port(), 30_000)) {
                for (HostileInput.Rest input = queue.take(); input != end; input = queue.take()) {
                  check(http, input, failures);
                }
              }
              return null;
            });
      }
      int oversizeEvery = REST_INPUTS / REST_OVERSIZE;
      for (int i = 0; i < REST_INPUTS; i++) {
        HostileInput.Rest input =
            i % oversizeEvery == oversizeEvery / 2 ? gen.oversizeRest() : gen.rest();
        if (!queue.offer(input, 60, TimeUnit.SECONDS)) {
          failures.add("hang", "the REST workers stopped taking inputs");
          break;
        }
      }
      for (int i = 0; i < HTTP_CONCURRENCY; i++) {
        queue.offer(end, 60, TimeUnit.SECONDS);
      }
      threads.shutdown();
      if (!threads.awaitTermination(120, TimeUnit.SECONDS)) {
        failures.add("hang", "the REST fuzz did not finish within 120 s: a hung request?");
        threads.shutdownNow();
      }
    }
  }

  private void check(RawHttp http, HostileInput.Rest input, Failures failures) {
    count("rest");
    count("rest." + input.category());
    RawHttp.Response response;
    try {
      response = http.send(input.method(), input.target(), input.authorization(), input.body());
    } catch (IOException | RuntimeException e) {
      http.close();
      failures.add("REST no answer [" + input.category() + "]", input.describe() + " -> " + e);
      return;
    }
    int status = response.status();
    count("status." + status);
    String problem = null;
    if (input.expect() != 0 && status != input.expect()) {
      problem = "expected " + input.expect();
    } else if (status < 400 || status > 499) {
      problem = "not a 4xx";
    } else {
      JsonNode error = parse(response.body()).path("error");
      if (!error.path("code").isTextual() || !error.path("message").isTextual()) {
        problem = "not the JSON error shape";
      } else if (!error.get("code").asText().equals(REST_ERRORS.get(status))) {
        problem = "code does not match the status";
      } else if (hasUnpairedSurrogate(error.get("message").asText())) {
        problem = "an unpaired surrogate in the message";
      }
    }
    if (problem != null) {
      failures.add(
          "REST " + problem + " [" + input.category() + "]",
          input.describe() + " -> " + status + " " + HostileInput.abbreviate(response.body(), 300));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // WebSocket

  private void fuzzWebSocket(HostileInput gen, Failures failures) throws InterruptedException {
    List<BlockingQueue<List<HostileInput.Ws>>> queues = new ArrayList<>();
    List<HostileInput.Ws> end = List.of();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int s = 0; s < SOCKETS; s++) {
        BlockingQueue<List<HostileInput.Ws>> queue = new ArrayBlockingQueue<>(2);
        queues.add(queue);
        String token = s % 2 == 0 ? fa.token() : fb.token();
        threads.submit(
            () -> {
              FuzzSocket socket = new FuzzSocket(token, failures);
              try {
                for (List<HostileInput.Ws> batch = queue.take(); batch != end; ) {
                  try {
                    socket.run(batch);
                  } catch (RuntimeException | AssertionError e) {
                    failures.add("WS test error", e + " in the batch from " + describe(batch));
                    socket.reconnect();
                  }
                  batch = queue.take();
                }
              } finally {
                socket.close();
              }
              return null;
            });
      }
      // Batches of ordinary messages, and now and then a batch of one message over 64 KiB.
      int normal = WS_INPUTS - WS_OVERSIZE;
      int every = Math.max(1, (normal + BATCH - 1) / BATCH / WS_OVERSIZE);
      int sentNormal = 0;
      int sentOversize = 0;
      for (int b = 0; sentNormal < normal || sentOversize < WS_OVERSIZE; b++) {
        List<HostileInput.Ws> batch = new ArrayList<>(BATCH);
        if (sentOversize < WS_OVERSIZE && (sentNormal >= normal || b % (every + 1) == every)) {
          batch.add(gen.oversizeFrame());
          sentOversize++;
        } else {
          while (batch.size() < BATCH && sentNormal < normal) {
            batch.add(gen.frame());
            sentNormal++;
          }
        }
        if (!queues.get(b % SOCKETS).offer(batch, 60, TimeUnit.SECONDS)) {
          failures.add("hang", "a WebSocket worker stopped taking batches");
          break;
        }
      }
      for (BlockingQueue<List<HostileInput.Ws>> queue : queues) {
        queue.offer(end, 60, TimeUnit.SECONDS);
      }
      threads.shutdown();
      if (!threads.awaitTermination(120, TimeUnit.SECONDS)) {
        failures.add("hang", "the WebSocket fuzz did not finish within 120 s: a hung connection?");
        threads.shutdownNow();
      }
    }
  }

  /** One fuzzing connection: sends a batch, then collects one answer per message and a pong. */
  private final class FuzzSocket {
    private final String token;
    private final Failures failures;
    private RawWebSocket ws;
    private int checks;

    FuzzSocket(String token, Failures failures) {
      this.token = token;
      this.failures = failures;
      connect();
    }

    private void connect() {
      ws = RawWebSocket.open(server.port(), token);
      ws.timeout(15_000);
      try {
        assertThat(ws.read().text()).contains("\"ready\"");
      } catch (IOException e) {
        throw new IllegalStateException("no ready frame", e);
      }
    }

    void close() {
      ws.close();
    }

    void run(List<HostileInput.Ws> batch) {
      if (batch.size() == 1 && batch.get(0).oversize()) {
        oversize(batch.get(0));
        return;
      }
      Map<String, HostileInput.Ws> byRef = new HashMap<>();
      for (HostileInput.Ws input : batch) {
        count("ws");
        count("ws." + input.category());
        byRef.put("f" + input.index(), input);
        send(input);
      }
      String check = "check-" + (++checks);
      ws.text("{\"type\":\"ping\",\"ref\":\"" + check + "\"}");
      ws.flush();
      int answers = 0;
      boolean checked = false;
      while (answers < batch.size() || !checked) {
        RawWebSocket.Frame frame;
        try {
          frame = ws.read();
        } catch (IOException e) {
          failures.add(
              "WS no answer",
              e
                  + " after "
                  + answers
                  + " of "
                  + batch.size()
                  + " answers, pong "
                  + (checked ? "seen" : "missing")
                  + "; batch from "
                  + describe(batch));
          reconnect();
          return;
        }
        if (frame.opcode() == RawWebSocket.CLOSE) {
          failures.add(
              "WS closed with " + frame.closeCode(),
              "after " + answers + " answers; batch from " + describe(batch));
          reconnect();
          return;
        }
        JsonNode answer = parse(frame.payload());
        String type = answer.path("type").asText();
        String ref = answer.path("ref").asText(null);
        HostileInput.Ws input = ref == null ? null : byRef.remove(ref);
        if (type.equals("pong") && check.equals(ref)) {
          checked = true;
          continue;
        }
        answers++;
        count("answer." + type + (type.equals("error") ? "." + answer.path("code").asText() : ""));
        String problem = null;
        if (type.equals("pong")) {
          if (input != null && !input.category().equals("ping")) {
            problem = "a pong for a message that is not a ping";
          }
        } else if (type.equals("error")) {
          if (!FRAME_ERRORS.contains(answer.path("code").asText())
              || !answer.path("message").isTextual()) {
            problem = "an error that is not a client error";
          } else if (input != null && input.category().equals("ping")) {
            problem = "an error for a valid ping";
          } else if (hasUnpairedSurrogate(answer.path("message").asText())) {
            problem = "an unpaired surrogate in the message";
          }
        } else {
          problem = "an unexpected frame";
        }
        if (problem != null) {
          failures.add(
              "WS " + problem + (input != null ? " [" + input.category() + "]" : ""),
              HostileInput.abbreviate(frame.payload(), 300)
                  + " for "
                  + (input != null
                      ? input.describe()
                      : "a message of the batch from " + describe(batch)));
        }
      }
    }

    /** A message over 64 KiB: the server must close with 1009; then a new connection. */
    private void oversize(HostileInput.Ws input) {
      count("ws");
      count("ws.oversize");
      send(input);
      ws.flush();
      try {
        RawWebSocket.Frame frame = ws.read();
        if (frame.opcode() != RawWebSocket.CLOSE || frame.closeCode() != 1009) {
          failures.add(
              "WS oversize not closed with 1009",
              input.describe()
                  + " -> "
                  + (frame.opcode() == RawWebSocket.CLOSE
                      ? "close " + frame.closeCode()
                      : HostileInput.abbreviate(frame.payload(), 200)));
        }
      } catch (IOException e) {
        failures.add("WS oversize not closed with 1009", input.describe() + " -> " + e);
      }
      reconnect();
    }

    private void send(HostileInput.Ws input) {
      byte[] payload = input.payload();
      int parts = input.fragments();
      int step = Math.max(1, payload.length / parts);
      int at = 0;
      for (int part = 0; part < parts; part++) {
        int to = part == parts - 1 ? payload.length : Math.min(payload.length, at + step);
        byte[] chunk = java.util.Arrays.copyOfRange(payload, at, to);
        ws.frame(part == 0 ? input.opcode() : RawWebSocket.CONTINUATION, part == parts - 1, chunk);
        at = to;
      }
    }

    void reconnect() {
      count("ws.reconnect");
      ws.close();
      connect();
    }
  }

  private static String describe(List<HostileInput.Ws> batch) {
    return batch.getFirst().describe() + " (" + batch.size() + " messages)";
  }

  // ---------------------------------------------------------------------------------------------
  // State

  /** What the API shows of the fuzzing users: themselves, their threads, messages and devices. */
  private static Map<String, String> apiState() {
    Map<String, String> state = new TreeMap<>();
    for (TestUser user : List.of(fa, fb, fc)) {
      state.put(user.username() + " me", user.get("/api/v1/me").text());
      Answer threads = user.get("/api/v1/threads?limit=200");
      state.put(user.username() + " threads", threads.text());
      for (JsonNode thread : threads.get("threads")) {
        String id = thread.get("id").asText();
        state.put(user.username() + " thread " + id, user.get("/api/v1/threads/" + id).text());
        List<String> messages = new ArrayList<>();
        long after = 0;
        while (true) {
          Answer page =
              user.get("/api/v1/threads/" + id + "/messages?limit=200&after_seq=" + after);
          for (JsonNode m : page.get("messages")) {
            messages.add(m.toString());
            after = m.get("seq").asLong();
          }
          if (!page.get("has_more").asBoolean()) {
            break;
          }
        }
        state.put(user.username() + " messages " + id, String.join("\n", messages));
      }
      List<String> devices = new ArrayList<>();
      user.get("/api/v1/devices").get("devices").forEach(d -> devices.add(d.toString()));
      devices.sort(null);
      state.put(user.username() + " devices", devices.toString());
    }
    return state;
  }

  /** Every row of the store's tables, but the times that reading or connecting updates. */
  private static Map<String, List<String>> storeState() throws SQLException {
    Map<String, Set<String>> volatileColumns =
        Map.of("users", Set.of("last_seen_at"), "sessions", Set.of("last_used_at"));
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    Map<String, List<String>> state = new TreeMap<>();
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:sqlite:" + dir.resolve("parley.db"), config.toProperties());
        Statement statement = c.createStatement()) {
      for (String table :
          List.of("users", "sessions", "threads", "thread_members", "messages", "devices")) {
        List<String> rows = new ArrayList<>();
        try (ResultSet rs = statement.executeQuery("SELECT * FROM " + table)) {
          ResultSetMetaData meta = rs.getMetaData();
          while (rs.next()) {
            StringBuilder row = new StringBuilder();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
              String column = meta.getColumnName(i);
              if (!volatileColumns.getOrDefault(table, Set.of()).contains(column)) {
                row.append(column).append('=').append(rs.getString(i)).append(' ');
              }
            }
            rows.add(row.toString());
          }
        }
        rows.sort(null);
        state.put(table, rows);
      }
    }
    return state;
  }

  private static <V> String diff(Map<String, V> before, Map<String, V> after) {
    List<String> out = new ArrayList<>();
    for (String key : after.keySet()) {
      V a = after.get(key);
      V b = before.get(key);
      if (a.equals(b)) {
        continue;
      }
      if (a instanceof List<?> rowsAfter && b instanceof List<?> rowsBefore) {
        List<Object> added = new ArrayList<>(rowsAfter);
        added.removeAll(rowsBefore);
        List<Object> removed = new ArrayList<>(rowsBefore);
        removed.removeAll(rowsAfter);
        out.add(
            key
                + ": new "
                + added.stream()
                    .limit(5)
                    .map(o -> HostileInput.abbreviate(o.toString(), 300))
                    .toList()
                + " gone "
                + removed.stream()
                    .limit(5)
                    .map(o -> HostileInput.abbreviate(o.toString(), 300))
                    .toList());
      } else {
        out.add(
            key
                + ": was "
                + (b == null ? "absent" : HostileInput.abbreviate(b.toString(), 300))
                + ", is "
                + HostileInput.abbreviate(a.toString(), 300));
      }
    }
    before.keySet().stream().filter(k -> !after.containsKey(k)).forEach(k -> out.add(k + ": gone"));
    return out.isEmpty() ? "none" : String.join("; ", out);
  }

  // ---------------------------------------------------------------------------------------------
  // Afterwards

  private void theServerIsStillUp(long seed) {
    Answer health = api.get("/healthz", null);
    assertThat(health.status()).as("seed=%s: /healthz", seed).isEqualTo(200);
    // Extreme but valid cursors are fine too.
    for (String query :
        List.of(
            "?before_seq=9223372036854775807&limit=200",
            "?after_seq=9223372036854775807",
            "?after_seq=0&before_seq=9223372036854775807")) {
      assertThat(fa.get("/api/v1/threads/" + group + "/messages" + query).status())
          .as("seed=%s: history %s", seed, query)
          .isEqualTo(200);
    }
    assertThat(fa.get("/api/v1/threads?before=9223372036854775807.zzz&limit=200").status())
        .isEqualTo(200);
    // The most a presence query may ask for: 200 ids, a request line of about 5.4 KB.
    List<String> ids = new ArrayList<>(List.of(fa.id(), fb.id()));
    for (int i = ids.size(); i < 200; i++) {
      ids.add(String.format("01%024d", i));
    }
    Answer presence = fa.get("/api/v1/presence?user_ids=" + String.join(",", ids));
    assertThat(presence.status()).as("seed=%s: presence of 200 ids", seed).isEqualTo(200);
    assertThat(presence.get("presence")).hasSize(2);
    try (WsClient ws = fb.connect()) {
      ws.send(Map.of("type", "ping", "ref", "alive"));
      assertThat(ws.next("pong").get("ref").asText()).isEqualTo("alive");
      fa.send(group, "still here");
      assertThat(ws.next("message").get("message").get("body").asText()).isEqualTo("still here");
    }
  }

  /** One line: the seed, the inputs per category, the answers, and the time taken. */
  private String summary(long seed, long restNanos, long wsNanos, long restCpu, long wsCpu) {
    Map<String, Long> sorted = new TreeMap<>();
    counts.forEach((k, v) -> sorted.put(k, v.sum()));
    return String.format(
        "FuzzTest summary: seed=%d inputs=%d rest=%d [%s] ws=%d [%s] answers [%s] time: rest %.1fs"
            + " ws %.1fs total %.1fs (cpu of server and client: rest %.1fs ws %.1fs)",
        seed,
        sorted.getOrDefault("rest", 0L) + sorted.getOrDefault("ws", 0L),
        sorted.getOrDefault("rest", 0L),
        join(sorted, "rest."),
        sorted.getOrDefault("ws", 0L),
        join(sorted, "ws."),
        join(sorted, "status.") + " " + join(sorted, "answer."),
        restNanos / 1e9,
        wsNanos / 1e9,
        (restNanos + wsNanos) / 1e9,
        restCpu / 1e9,
        wsCpu / 1e9);
  }

  private static String join(Map<String, Long> counts, String prefix) {
    return counts.entrySet().stream()
        .filter(e -> e.getKey().startsWith(prefix))
        .map(e -> e.getKey().substring(prefix.length()) + "=" + e.getValue())
        .collect(Collectors.joining(" "));
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static boolean hasUnpairedSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  private static JsonNode parse(byte[] bytes) {
    try {
      JsonNode node = MAPPER.readTree(new String(bytes, StandardCharsets.UTF_8));
      return node == null ? MAPPER.createObjectNode() : node;
    } catch (IOException e) {
      return MAPPER.createObjectNode();
    }
  }
}
