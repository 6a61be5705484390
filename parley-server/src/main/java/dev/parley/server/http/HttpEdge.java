package dev.parley.server.http;

import dev.parley.core.error.InvalidRequest;
import dev.parley.core.error.NotFound;
import dev.parley.core.error.PayloadTooLarge;
import dev.parley.server.config.Limits;
import dev.parley.server.config.Listen;
import dev.parley.server.ops.Metrics;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/** The router's frame: timing, body limits, and JSON answers for what no route handles. */
public final class HttpEdge {
  /**
   * The request line: a presence query may name 200 ids of up to 64 characters (about 13 KB), over
   * Netty's default of 4096 bytes, which answers 414 without the JSON error body.
   */
  public static final int MAX_REQUEST_LINE_BYTES = 16 * 1024;

  private HttpEdge() {}

  public static HttpServerOptions serverOptions(Listen listen, Limits limits) {
    HttpServerOptions options = new HttpServerOptions();
    if (listen.tls()) {
      options
          .setSsl(true)
          .setKeyCertOptions(
              new PemKeyCertOptions()
                  .setCertPath(listen.tlsCert().toString())
                  .setKeyPath(listen.tlsKey().toString()));
    }
    return options
        .setHost(listen.host())
        .setPort(listen.port())
        .setMaxInitialLineLength(MAX_REQUEST_LINE_BYTES)
        .setMaxWebSocketFrameSize(limits.maxFrameBytes())
        .setMaxWebSocketMessageSize(limits.maxFrameBytes())
        .setCompressionSupported(false)
        .setTcpNoDelay(true);
  }

  /** The first handlers: request timing and body parsing for calls that carry a body. */
  public static void before(Router router, Metrics metrics, Limits limits) {
    router
        .route()
        .handler(
            ctx -> {
              long start = System.nanoTime();
              ctx.addEndHandler(
                  v ->
                      metrics.httpRequest(
                          ctx.request().method().name(),
                          ctx.response().getStatusCode(),
                          System.nanoTime() - start));
              ctx.next();
            });
    Handler<RoutingContext> body =
        BodyHandler.create(false).setBodyLimit(limits.maxBodyBytes()).setHandleFileUploads(false);
    router.post("/api/*").handler(body);
    router.patch("/api/*").handler(body);
    router.put("/api/*").handler(body);
    router.delete("/api/*").handler(body);
  }

  /** Errors the router raises itself (no route, wrong method, body too big) as API.md JSON. */
  public static void after(Router router, Limits limits) {
    router.route("/api/*").last().handler(ctx -> Api.fail(ctx, new NotFound("no such endpoint")));
    router.errorHandler(404, ctx -> Api.fail(ctx, new NotFound("no such endpoint")));
    router.errorHandler(
        405, ctx -> Api.fail(ctx, new InvalidRequest("method not allowed on this endpoint")));
    router.errorHandler(
        413,
        ctx ->
            Api.fail(
                ctx,
                new PayloadTooLarge(
                    "the body must be at most " + limits.maxBodyBytes() + " bytes")));
    router.errorHandler(400, ctx -> Api.fail(ctx, new InvalidRequest("malformed request")));
    router.errorHandler(
        500,
        ctx ->
            Api.fail(
                ctx, ctx.failure() != null ? ctx.failure() : new IllegalStateException("500")));
  }
}
