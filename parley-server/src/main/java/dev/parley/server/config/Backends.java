package dev.parley.server.config;

import static dev.parley.server.config.Checks.require;

import java.util.regex.Pattern;

/**
 * Which backend holds what: the store (sqlite or postgres), the channel bus and presence (local or
 * redis), the task queue (embedded or rabbitmq). A combination that cannot work is refused here,
 * with the reason, before anything starts.
 */
public record Backends(
    String store,
    String dbUrl,
    String dbSchema,
    String bus,
    String redisUrl,
    String queue,
    String amqpUrl,
    String namespace,
    boolean singleNode) {

  private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  public Backends {
    require(
        "sqlite".equals(store) || "postgres".equals(store), "--store must be sqlite or postgres");
    require("local".equals(bus) || "redis".equals(bus), "--bus must be local or redis");
    require(
        "embedded".equals(queue) || "rabbitmq".equals(queue),
        "--queue must be embedded or rabbitmq");
    // Fields are not assigned yet in a compact constructor: test the parameters.
    boolean postgres = store.equals("postgres");
    boolean redis = bus.equals("redis");
    require(!postgres || present(dbUrl), "--store postgres needs --db-url");
    require(!redis || present(redisUrl), "--bus redis needs --redis-url");
    require(!queue.equals("rabbitmq") || present(amqpUrl), "--queue rabbitmq needs --amqp-url");
    require(
        namespace != null && NAMESPACE.matcher(namespace).matches(),
        "--namespace must be 1-64 of A-Z a-z 0-9 _ . -");
    require(
        !postgres || redis || singleNode,
        "--store postgres is shared by many nodes, but --bus local keeps realtime channels and"
            + " presence inside this process: a message sent on another node would never reach"
            + " this node's sockets. Use --bus redis, or pass --single-node if this is the only"
            + " node.");
  }

  public static Backends embedded() {
    return new Backends("sqlite", null, null, "local", null, "embedded", null, "parley", false);
  }

  public boolean isPostgres() {
    return store.equals("postgres");
  }

  public boolean isRedis() {
    return bus.equals("redis");
  }

  public boolean isRabbit() {
    return queue.equals("rabbitmq");
  }

  public boolean isEmbedded() {
    return !isPostgres() && !isRedis() && !isRabbit();
  }

  /** What the log says at start: the backends without their credentials. */
  public String describe() {
    return "store="
        + store
        + (isPostgres() && dbSchema != null ? " (schema " + dbSchema + ")" : "")
        + " bus="
        + bus
        + " queue="
        + queue
        + " namespace="
        + namespace;
  }

  private static boolean present(String s) {
    return s != null && !s.isBlank();
  }
}
