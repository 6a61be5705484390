package dev.parley.redis;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The shared Redis of this machine for tests: reached once per run, a fresh namespace per test, and
 * after each test only that namespace's keys are deleted (other runs use the same server). When it
 * cannot be reached the tests are skipped, or fail under {@code CI=true}.
 */
public final class RedisExtension
    implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback {

  static final String URL =
      System.getenv().getOrDefault("PARLEY_TEST_REDIS_URL", "redis://127.0.0.1:6379");

  private static final String RUN =
      HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
  private static final AtomicInteger TESTS = new AtomicInteger();

  private Shared shared;
  private String namespace;
  private final Deque<AutoCloseable> closeAfter = new ArrayDeque<>();

  @Override
  public void beforeAll(ExtensionContext context) {
    // Redis answers in well under a millisecond: poll often, so that waits cost what they must.
    Awaitility.setDefaultPollInterval(Duration.ofMillis(10));
    shared =
        context
            .getRoot()
            .getStore(ExtensionContext.Namespace.GLOBAL)
            .computeIfAbsent(Shared.class, k -> new Shared(), Shared.class);
    if (shared.unreachable != null) {
      String message = "Redis at " + URL + " is unreachable (" + shared.unreachable + ")";
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException(message + ": CI needs it, start it before the tests");
      }
      Assumptions.abort(message + ": Redis tests skipped");
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    namespace = "parley-test-" + RUN + "-" + TESTS.incrementAndGet();
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    while (!closeAfter.isEmpty()) {
      closeAfter.pop().close();
    }
    deleteKeys(namespace + ":*");
  }

  /** This test's namespace: every key and channel it makes starts with it. */
  public String namespace() {
    return namespace;
  }

  /** A connection for looking at the shared server from outside the code under test. */
  public RedisCommands<String, String> admin() {
    return shared.admin.sync();
  }

  /** A node's clients on the shared server in this test's namespace, closed after the test. */
  public RedisClients node() {
    return node(URL, namespace);
  }

  public RedisClients node(String url, String namespace) {
    return closeAfterTest(RedisClients.connect(url, namespace, shared.resources));
  }

  /** A node's clients with resources of its own (e.g. to record its commands). */
  public RedisClients node(ClientResources resources) {
    RedisClients node = closeAfterTest(RedisClients.connect(URL, namespace, resources));
    closeAfter.add(() -> resources.shutdown(0, 2, TimeUnit.SECONDS));
    return node;
  }

  /** Closes it after the test, before the keys are deleted. */
  public <T extends AutoCloseable> T closeAfterTest(T resource) {
    closeAfter.push(resource);
    return resource;
  }

  private void deleteKeys(String pattern) {
    RedisCommands<String, String> redis = admin();
    ScanArgs match = ScanArgs.Builder.matches(pattern).limit(1_000);
    ScanCursor cursor = ScanCursor.INITIAL;
    do {
      KeyScanCursor<String> page = redis.scan(cursor, match);
      if (!page.getKeys().isEmpty()) {
        redis.unlink(page.getKeys().toArray(String[]::new));
      }
      cursor = page;
    } while (!cursor.isFinished());
  }

  /** What all test classes share: I/O threads and one admin connection. */
  private static final class Shared implements AutoCloseable {
    final ClientResources resources = RedisClients.resources();
    final RedisClient client;
    StatefulRedisConnection<String, String> admin;
    String unreachable;

    Shared() {
      RedisURI uri = RedisURI.create(URL);
      uri.setTimeout(Duration.ofSeconds(2));
      client = RedisClient.create(resources, uri);
      try {
        admin = client.connect();
        admin.sync().ping();
      } catch (RedisException e) {
        unreachable = e.getMessage();
      }
    }

    @Override
    public void close() {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
  }
}
