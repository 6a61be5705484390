package dev.parley.server.ops;

import dev.parley.server.app.Backend;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.ExecutorService;
import java.util.function.BooleanSupplier;

/**
 * /healthz (the process runs), /readyz (the store, and in a cluster the bus and the queue, answer),
 * /metrics (Prometheus).
 */
public final class OpsRoutes {
  private final Backend backend;
  private final Metrics metrics;
  private final ExecutorService blocking;
  private final BooleanSupplier accepting;

  public OpsRoutes(
      Backend backend, Metrics metrics, ExecutorService blocking, BooleanSupplier accepting) {
    this.backend = backend;
    this.metrics = metrics;
    this.blocking = blocking;
    this.accepting = accepting;
  }

  public void mount(Router router) {
    router.get("/healthz").handler(ctx -> ctx.response().end("ok\n"));
    router.get("/readyz").handler(this::ready);
    router.get("/metrics").handler(this::metrics);
  }

  private void ready(RoutingContext ctx) {
    Context context = Vertx.currentContext();
    blocking.execute(
        () -> {
          boolean ready = accepting.getAsBoolean() && backend.isReady();
          context.runOnContext(
              v ->
                  ctx.response()
                      .setStatusCode(ready ? 200 : 503)
                      .end(ready ? "ready\n" : "not ready\n"));
        });
  }

  private void metrics(RoutingContext ctx) {
    Context context = Vertx.currentContext();
    blocking.execute(
        () -> {
          String text = metrics.scrape();
          context.runOnContext(
              v ->
                  ctx.response()
                      .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                      .end(text));
        });
  }
}
