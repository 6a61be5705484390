package dev.parley.server.config;

import dev.parley.server.app.Parley;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code parley serve}: runs one node until SIGTERM or SIGINT, then shuts down gracefully. */
@Command(
    name = "serve",
    description = "Run a Parley node (embedded store under --data-dir by default).",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    sortOptions = false)
public final class ServeCommand implements Callable<Integer> {

  @Option(
      names = "--host",
      defaultValue = "${env:PARLEY_HOST:-0.0.0.0}",
      description = "Address to listen on (PARLEY_HOST).")
  String host;

  @Option(
      names = "--port",
      defaultValue = "${env:PARLEY_PORT:-8080}",
      description = "HTTP and WebSocket port; 0 picks a free one (PARLEY_PORT).")
  int port;

  @Option(
      names = "--data-dir",
      defaultValue = "${env:PARLEY_DATA_DIR:-./data}",
      description = "Where the embedded store keeps its SQLite file (PARLEY_DATA_DIR).")
  Path dataDir;

  @Option(
      names = "--store",
      defaultValue = "${env:PARLEY_STORE:-sqlite}",
      description = "sqlite (embedded, under --data-dir) or postgres (PARLEY_STORE).")
  String store;

  @Option(
      names = "--db-url",
      defaultValue = "${env:PARLEY_DB_URL}",
      description =
          "JDBC URL of PostgreSQL, e.g. jdbc:postgresql://127.0.0.1:5432/test?user=postgres"
              + " (PARLEY_DB_URL).")
  String dbUrl;

  @Option(
      names = "--db-schema",
      defaultValue = "${env:PARLEY_DB_SCHEMA}",
      description = "PostgreSQL schema to use, created if missing (PARLEY_DB_SCHEMA).")
  String dbSchema;

  @Option(
      names = "--bus",
      defaultValue = "${env:PARLEY_BUS:-local}",
      description = "local (one node) or redis: realtime channels and presence (PARLEY_BUS).")
  String bus;

  @Option(
      names = "--redis-url",
      defaultValue = "${env:PARLEY_REDIS_URL}",
      description = "Redis URL, e.g. redis://127.0.0.1:6379 (PARLEY_REDIS_URL).")
  String redisUrl;

  @Option(
      names = "--queue",
      defaultValue = "${env:PARLEY_QUEUE:-embedded}",
      description = "embedded (a table in the store) or rabbitmq: the task queue (PARLEY_QUEUE).")
  String queue;

  @Option(
      names = "--amqp-url",
      defaultValue = "${env:PARLEY_AMQP_URL}",
      description = "RabbitMQ URL, e.g. amqp://guest:guest@127.0.0.1:5672 (PARLEY_AMQP_URL).")
  String amqpUrl;

  @Option(
      names = "--namespace",
      defaultValue = "${env:PARLEY_NAMESPACE:-parley}",
      description =
          "Prefix of every Redis key and channel and RabbitMQ queue, so that clusters can share"
              + " them (PARLEY_NAMESPACE).")
  String namespace;

  @Option(
      names = "--single-node",
      defaultValue = "${env:PARLEY_SINGLE_NODE:-false}",
      description =
          "Allow a shared store (postgres) with local channels: only right for exactly one node"
              + " (PARLEY_SINGLE_NODE).")
  boolean singleNode;

  @Option(
      names = "--tls-cert",
      defaultValue = "${env:PARLEY_TLS_CERT}",
      description = "PEM certificate chain: serve HTTPS and WSS (PARLEY_TLS_CERT).")
  Path tlsCert;

  @Option(
      names = "--tls-key",
      defaultValue = "${env:PARLEY_TLS_KEY}",
      description = "PEM private key of --tls-cert (PARLEY_TLS_KEY).")
  Path tlsKey;

  @Option(
      names = "--allowed-origins",
      split = ",",
      defaultValue = "${env:PARLEY_ALLOWED_ORIGINS}",
      description =
          "Browser origins allowed besides the server's own, comma-separated, for CORS and"
              + " WebSocket upgrades (PARLEY_ALLOWED_ORIGINS). Default: same origin only.")
  List<String> allowedOrigins;

  @Option(
      names = "--online-timeout",
      defaultValue = "${env:PARLEY_ONLINE_TIMEOUT:-60s}",
      converter = DurationConverter.class,
      description = "A user is online while its last heartbeat is younger (PARLEY_ONLINE_TIMEOUT).")
  Duration onlineTimeout;

  @Option(
      names = "--task-workers",
      defaultValue = "${env:PARLEY_TASK_WORKERS:-4}",
      description = "Concurrent task-queue workers (PARLEY_TASK_WORKERS).")
  int taskWorkers;

  @Option(
      names = "--task-max-attempts",
      defaultValue = "${env:PARLEY_TASK_MAX_ATTEMPTS:-8}",
      description = "Attempts before a task is dead-lettered (PARLEY_TASK_MAX_ATTEMPTS).")
  int taskMaxAttempts;

  @Option(
      names = "--task-retry-base",
      defaultValue = "${env:PARLEY_TASK_RETRY_BASE:-1s}",
      converter = DurationConverter.class,
      description = "First retry delay; doubles per attempt (PARLEY_TASK_RETRY_BASE).")
  Duration taskRetryBase;

  @Option(
      names = "--task-retry-max",
      defaultValue = "${env:PARLEY_TASK_RETRY_MAX:-10m}",
      converter = DurationConverter.class,
      description = "Longest retry delay (PARLEY_TASK_RETRY_MAX).")
  Duration taskRetryMax;

  @Option(
      names = "--webhook-timeout",
      defaultValue = "${env:PARLEY_WEBHOOK_TIMEOUT:-5s}",
      converter = DurationConverter.class,
      description = "Timeout of one webhook delivery (PARLEY_WEBHOOK_TIMEOUT).")
  Duration webhookTimeout;

  @Option(
      names = "--webhook-secret",
      defaultValue = "${env:PARLEY_WEBHOOK_SECRET}",
      description =
          "Signs each webhook body (X-Parley-Signature: sha256=HMAC); at least 16 bytes. Default:"
              + " generated once into <data-dir>/webhook-secret. Required with --store postgres,"
              + " the same on every node. Prefer the variable: flags show in ps"
              + " (PARLEY_WEBHOOK_SECRET).")
  String webhookSecret;

  @Option(
      names = "--push-timeout",
      defaultValue = "${env:PARLEY_PUSH_TIMEOUT:-10s}",
      converter = DurationConverter.class,
      description = "Timeout of one APNs or FCM send (PARLEY_PUSH_TIMEOUT).")
  Duration pushTimeout;

  @Option(
      names = "--apns-key-file",
      defaultValue = "${env:PARLEY_APNS_KEY_FILE}",
      description =
          "APNs token-signing key (.p8) from the Apple developer account: enables apns devices"
              + " (PARLEY_APNS_KEY_FILE).")
  Path apnsKeyFile;

  @Option(
      names = "--apns-key-id",
      defaultValue = "${env:PARLEY_APNS_KEY_ID}",
      description = "The 10-character id of --apns-key-file (PARLEY_APNS_KEY_ID).")
  String apnsKeyId;

  @Option(
      names = "--apns-team-id",
      defaultValue = "${env:PARLEY_APNS_TEAM_ID}",
      description = "The Apple developer team id (PARLEY_APNS_TEAM_ID).")
  String apnsTeamId;

  @Option(
      names = "--apns-topic",
      defaultValue = "${env:PARLEY_APNS_TOPIC}",
      description = "The iOS app's bundle id (PARLEY_APNS_TOPIC).")
  String apnsTopic;

  @Option(
      names = "--apns-host",
      defaultValue = "${env:PARLEY_APNS_HOST:-" + PushSettings.APNS_PRODUCTION_HOST + "}",
      description = "APNs host (PARLEY_APNS_HOST).")
  String apnsHost;

  @Option(
      names = "--apns-port",
      defaultValue = "${env:PARLEY_APNS_PORT:-443}",
      description = "APNs port, 443 or 2197 (PARLEY_APNS_PORT).")
  int apnsPort;

  @Option(
      names = "--apns-sandbox",
      defaultValue = "${env:PARLEY_APNS_SANDBOX:-false}",
      description =
          "Use APNs' development server ("
              + PushSettings.APNS_SANDBOX_HOST
              + "), for apps"
              + " built for development (PARLEY_APNS_SANDBOX).")
  boolean apnsSandbox;

  @Option(
      names = "--apns-ca-file",
      defaultValue = "${env:PARLEY_APNS_CA_FILE}",
      description =
          "PEM certificates to trust for --apns-host instead of the JDK's, e.g. a local test"
              + " server (PARLEY_APNS_CA_FILE).")
  Path apnsCaFile;

  @Option(
      names = "--fcm-project-id",
      defaultValue = "${env:PARLEY_FCM_PROJECT_ID}",
      description = "Firebase project id: enables fcm devices (PARLEY_FCM_PROJECT_ID).")
  String fcmProjectId;

  @Option(
      names = "--fcm-service-account-file",
      defaultValue = "${env:PARLEY_FCM_SERVICE_ACCOUNT_FILE}",
      description =
          "The project's service-account key (JSON), which gets the OAuth2 access tokens"
              + " (PARLEY_FCM_SERVICE_ACCOUNT_FILE).")
  Path fcmServiceAccountFile;

  @Option(
      names = "--fcm-endpoint",
      defaultValue = "${env:PARLEY_FCM_ENDPOINT:-https://fcm.googleapis.com}",
      description = "FCM API root (PARLEY_FCM_ENDPOINT).")
  URI fcmEndpoint;

  @Option(
      names = "--fcm-token-uri",
      defaultValue = "${env:PARLEY_FCM_TOKEN_URI}",
      description =
          "OAuth2 token server; default: the token_uri of the service-account file"
              + " (PARLEY_FCM_TOKEN_URI).")
  URI fcmTokenUri;

  @Option(
      names = "--max-group-members",
      defaultValue = "${env:PARLEY_MAX_GROUP_MEMBERS:-10000}",
      description = "Most members a group may have (PARLEY_MAX_GROUP_MEMBERS).")
  int maxGroupMembers;

  @Option(
      names = "--send-rate",
      defaultValue = "${env:PARLEY_SEND_RATE:-20}",
      description = "Messages a user may send per second, sustained (PARLEY_SEND_RATE).")
  double sendRate;

  @Option(
      names = "--send-burst",
      defaultValue = "${env:PARLEY_SEND_BURST:-60}",
      description = "Messages a user may send at once above the rate (PARLEY_SEND_BURST).")
  int sendBurst;

  @Option(
      names = "--login-rate-ip",
      defaultValue = "${env:PARLEY_LOGIN_RATE_IP:-30}",
      description = "Login attempts per minute from one client address (PARLEY_LOGIN_RATE_IP).")
  int loginRateIp;

  @Option(
      names = "--login-rate-username",
      defaultValue = "${env:PARLEY_LOGIN_RATE_USERNAME:-10}",
      description = "Login attempts per minute for one username (PARLEY_LOGIN_RATE_USERNAME).")
  int loginRateUsername;

  @Option(
      names = "--max-connections-per-user",
      defaultValue = "${env:PARLEY_MAX_CONNECTIONS_PER_USER:-16}",
      description =
          "Open WebSockets one user may hold on a node (PARLEY_MAX_CONNECTIONS_PER_USER).")
  int maxConnectionsPerUser;

  @Option(
      names = "--ws-queue-bytes",
      defaultValue = "${env:PARLEY_WS_QUEUE_BYTES:-1048576}",
      description =
          "Outbound bytes a WebSocket may have queued before it is closed with 1013"
              + " (PARLEY_WS_QUEUE_BYTES).")
  int wsQueueBytes;

  @Option(
      names = "--ws-queue-frames",
      defaultValue = "${env:PARLEY_WS_QUEUE_FRAMES:-1024}",
      description =
          "Outbound frames a WebSocket may have queued before it is closed with 1013"
              + " (PARLEY_WS_QUEUE_FRAMES).")
  int wsQueueFrames;

  @Option(
      names = "--max-frame-bytes",
      defaultValue = "${env:PARLEY_MAX_FRAME_BYTES:-65536}",
      description =
          "Largest WebSocket message; a bigger one closes the socket with 1009"
              + " (PARLEY_MAX_FRAME_BYTES).")
  int maxFrameBytes;

  @Option(
      names = "--max-body-bytes",
      defaultValue = "${env:PARLEY_MAX_BODY_BYTES:-1048576}",
      description = "Largest REST request body; a bigger one answers 413 (PARLEY_MAX_BODY_BYTES).")
  int maxBodyBytes;

  @Option(
      names = "--session-cache-ttl",
      defaultValue = "${env:PARLEY_SESSION_CACHE_TTL:-30s}",
      converter = DurationConverter.class,
      description =
          "How long a checked token is trusted without the store (PARLEY_SESSION_CACHE_TTL).")
  Duration sessionCacheTtl;

  @Option(
      names = "--hash-concurrency",
      defaultValue = "${env:PARLEY_HASH_CONCURRENCY:-2}",
      description = "Password hashes computed at once (PARLEY_HASH_CONCURRENCY).")
  int hashConcurrency;

  @Option(
      names = "--shutdown-grace",
      defaultValue = "${env:PARLEY_SHUTDOWN_GRACE:-10s}",
      converter = DurationConverter.class,
      description = "How long shutdown waits for requests and tasks (PARLEY_SHUTDOWN_GRACE).")
  Duration shutdownGrace;

  ServerConfig config() {
    return new ServerConfig(
        new Listen(host, port, tlsCert, tlsKey, allowedOrigins),
        new Backends(store, dbUrl, dbSchema, bus, redisUrl, queue, amqpUrl, namespace, singleNode),
        dataDir,
        onlineTimeout,
        new TaskSettings(taskWorkers, taskMaxAttempts, taskRetryBase, taskRetryMax, webhookTimeout),
        new Limits(
            maxGroupMembers,
            sendRate,
            sendBurst,
            loginRateIp,
            loginRateUsername,
            maxConnectionsPerUser,
            wsQueueBytes,
            wsQueueFrames,
            maxFrameBytes,
            maxBodyBytes),
        sessionCacheTtl,
        hashConcurrency,
        shutdownGrace,
        new PushSettings(
            new PushSettings.Apns(
                apnsKeyFile,
                apnsKeyId,
                apnsTeamId,
                apnsTopic,
                apnsHost,
                apnsPort,
                apnsSandbox,
                apnsCaFile),
            new PushSettings.Fcm(fcmProjectId, fcmServiceAccountFile, fcmEndpoint, fcmTokenUri),
            webhookSecret,
            pushTimeout));
  }

  @Override
  public Integer call() throws InterruptedException {
    Parley parley = Parley.start(config(), Clock.tickMillis(ZoneOffset.UTC));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  parley.stop();
                  stopped.countDown();
                },
                "parley-shutdown"));
    stopped.await();
    return 0;
  }
}
