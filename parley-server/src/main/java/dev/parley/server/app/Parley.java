package dev.parley.server.app;

import dev.parley.core.port.IdSource;
import dev.parley.core.port.PasswordHasher;
import dev.parley.core.port.TimeOrderedIds;
import dev.parley.core.realtime.CloseCodes;
import dev.parley.server.config.Listen;
import dev.parley.server.config.ServerConfig;
import dev.parley.server.http.AccountRoutes;
import dev.parley.server.http.Api;
import dev.parley.server.http.BrowserSecurity;
import dev.parley.server.http.DeviceRoutes;
import dev.parley.server.http.HttpEdge;
import dev.parley.server.http.MessageRoutes;
import dev.parley.server.http.OriginPolicy;
import dev.parley.server.http.PresenceRoutes;
import dev.parley.server.http.ThreadRoutes;
import dev.parley.server.http.WebClientRoutes;
import dev.parley.server.json.JsonEventEncoder;
import dev.parley.server.ops.Metrics;
import dev.parley.server.ops.OpsRoutes;
import dev.parley.server.security.Argon2Hasher;
import dev.parley.server.ws.WebSocketEndpoint;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One running node: the services, the task workers and the HTTP/WebSocket edge. */
public final class Parley {
  private static final Logger log = LoggerFactory.getLogger(Parley.class);

  /**
   * HTTP servers, each on an event loop of its own: with one, every socket's I/O and framing ran on
   * one core while the other served the store and the services.
   */
  private static final int EVENT_LOOPS = Runtime.getRuntime().availableProcessors();

  private final ServerConfig config;
  private final Services services;
  private final Vertx vertx;
  private final ExecutorService blocking;
  private final List<HttpServer> servers;
  private final AtomicBoolean accepting = new AtomicBoolean(true);
  private final AtomicBoolean stopped = new AtomicBoolean();

  private Parley(
      ServerConfig config,
      Services services,
      Vertx vertx,
      ExecutorService blocking,
      List<HttpServer> servers) {
    this.config = config;
    this.services = services;
    this.vertx = vertx;
    this.blocking = blocking;
    this.servers = servers;
  }

  /** Opens the store, starts the task workers, then listens; returns once it is listening. */
  public static Parley start(ServerConfig config, Clock clock) {
    return start(config, clock, Argon2Hasher.standard(config.hashConcurrency()));
  }

  /** As {@link #start(ServerConfig, Clock)} with another hasher (tests use a cheaper Argon2id). */
  public static Parley start(ServerConfig config, Clock clock, PasswordHasher hasher) {
    Backend backend = Backend.open(config, clock);
    IdSource ids = new TimeOrderedIds(clock);
    Metrics metrics = new Metrics();
    Notifiers notifiers;
    try {
      notifiers = Notifiers.open(config, new JsonEventEncoder(), clock, metrics);
    } catch (RuntimeException e) {
      backend.close();
      throw e;
    }
    Services services = Services.wire(backend, config, clock, ids, hasher, metrics, notifiers);
    backend.queues().start(services.tasks());
    metrics.watch(services.push(), backend.queues().queue());

    Vertx vertx = Vertx.vertx();
    ExecutorService blocking =
        Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("parley-vt-", 0).factory());
    List<HttpServer> servers = new ArrayList<>();
    for (int i = 0; i < EVENT_LOOPS; i++) {
      servers.add(vertx.createHttpServer(HttpEdge.serverOptions(config.listen(), config.limits())));
    }
    Parley parley = new Parley(config, services, vertx, blocking, servers);
    Router router = parley.router(ids, metrics);
    listen(servers, router, config.listen());
    log.info(
        "Parley listening on {}://{}:{} ({}{})",
        config.listen().tls() ? "https" : "http",
        config.listen().host(),
        parley.port(),
        config.backends().describe(),
        config.backends().isPostgres()
            ? ""
            : ", data in " + config.dataDir().toAbsolutePath().normalize());
    return parley;
  }

  /**
   * Each server listens from a context of its own, hence its own event loop; on the same address,
   * Vert.x shares one socket among them and spreads the accepted connections. Port 0 (any free
   * port) is asked as -1, Vert.x's way of giving servers one shared random port.
   */
  private static void listen(List<HttpServer> servers, Router router, Listen at) {
    int port = at.port() == 0 ? -1 : at.port();
    for (HttpServer server : servers) {
      server.requestHandler(router).listen(port, at.host()).await();
    }
  }

  private Router router(IdSource ids, Metrics metrics) {
    Router router = Router.router(vertx);
    Api api = new Api(blocking, services.accounts());
    OriginPolicy origins = new OriginPolicy(config.listen().allowedOrigins());
    HttpEdge.before(router, metrics, config.limits());
    new BrowserSecurity(origins, config.listen().tls()).mount(router);
    new OpsRoutes(services.backend(), metrics, blocking, accepting::get).mount(router);
    new AccountRoutes(api, services.accounts()).mount(router);
    new ThreadRoutes(api, services.threads()).mount(router);
    new MessageRoutes(api, services.messages()).mount(router);
    new PresenceRoutes(api, services.presence()).mount(router);
    new DeviceRoutes(api, services.devices()).mount(router);
    new WebSocketEndpoint(
            services.accounts(),
            services.messages(),
            services.threads(),
            services.push(),
            blocking,
            ids,
            metrics,
            accepting::get,
            config.limits(),
            origins)
        .mount(router);
    WebClientRoutes.mount(router);
    HttpEdge.after(router, config.limits());
    return router;
  }

  public int port() {
    return servers.getFirst().actualPort();
  }

  public Services services() {
    return services;
  }

  /**
   * Graceful stop: refuse new work, close WebSockets with 1001, let requests and tasks finish
   * within the grace period, then close the store.
   */
  public void stop() {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    log.info("Parley stopping: closing connections, finishing requests and tasks");
    accepting.set(false);
    long graceMillis = config.shutdownGrace().toMillis();
    services.push().closeAll(CloseCodes.GOING_AWAY, "server going away");
    try {
      Future.all(servers.stream().map(s -> s.shutdown(graceMillis, TimeUnit.MILLISECONDS)).toList())
          .await(graceMillis + 1000, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      log.warn("HTTP shutdown did not finish cleanly: {}", e.toString());
    }
    awaitSocketsUnregistered(graceMillis);
    services.backend().stop(config.shutdownGrace());
    blocking.shutdown();
    awaitQuietly(graceMillis);
    services.notifiers().close();
    services.backend().close();
    vertx.close().await();
    log.info("Parley stopped");
  }

  /** Close handlers unregister sockets on the blocking executor: let them run before it stops. */
  private void awaitSocketsUnregistered(long millis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (services.push().connectionCount() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void awaitQuietly(long millis) {
    try {
      if (!blocking.awaitTermination(millis, TimeUnit.MILLISECONDS)) {
        log.warn("some requests were still running after {} ms", millis);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
