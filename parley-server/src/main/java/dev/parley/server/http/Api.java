package dev.parley.server.http;

import dev.parley.core.account.AccountService;
import dev.parley.core.account.Caller;
import dev.parley.core.error.InvalidRequest;
import dev.parley.core.error.Unauthorized;
import dev.parley.server.json.Fields;
import dev.parley.server.json.Json;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs route actions off the event loop, on virtual threads, and writes their replies and errors in
 * the one JSON shape of API.md.
 */
public final class Api {
  private static final Logger log = LoggerFactory.getLogger(Api.class);

  private final ExecutorService blocking;
  private final AccountService accounts;

  public Api(ExecutorService blocking, AccountService accounts) {
    this.blocking = blocking;
    this.accounts = accounts;
  }

  public Handler<RoutingContext> handle(Action action) {
    return ctx -> {
      Context context = Vertx.currentContext();
      try {
        blocking.execute(() -> runAndReply(ctx, context, action));
      } catch (RejectedExecutionException e) {
        fail(ctx, new dev.parley.core.error.Unavailable("the server is shutting down", e));
      }
    };
  }

  private void runAndReply(RoutingContext ctx, Context context, Action action) {
    Reply reply;
    Buffer body;
    try {
      reply = action.run(ctx);
      // Serialized here, on the request's virtual thread, so that the event loop only writes.
      body = reply.body() == null ? null : Json.buffer(reply.body());
    } catch (RuntimeException e) {
      context.runOnContext(v -> fail(ctx, e));
      return;
    }
    context.runOnContext(v -> write(ctx, reply.status(), body));
  }

  /** The authenticated caller of a request: the bearer token of its Authorization header. */
  public Caller caller(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    return accounts.authenticate(bearer(header));
  }

  public static String bearer(String header) {
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new Unauthorized("Authorization: Bearer <token> is required");
    }
    return header.substring(7).strip();
  }

  /** The request body as a JSON object. */
  public static Fields body(RoutingContext ctx) {
    if (ctx.body() == null || ctx.body().buffer() == null || ctx.body().length() == 0) {
      throw new InvalidRequest("a JSON body is required");
    }
    return Fields.of(ctx.body().buffer().getBytes());
  }

  public static Integer intParam(RoutingContext ctx, String name) {
    Long value = longParam(ctx, name);
    if (value == null) {
      return null;
    }
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw new InvalidRequest(name + " is out of range");
    }
    return value.intValue();
  }

  public static Long longParam(RoutingContext ctx, String name) {
    String raw = ctx.request().getParam(name);
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    try {
      return Long.parseLong(raw);
    } catch (NumberFormatException e) {
      throw new InvalidRequest(name + " must be an integer");
    }
  }

  private static void write(RoutingContext ctx, int status, Buffer body) {
    HttpServerResponse response = ctx.response();
    if (response.ended() || response.closed()) {
      return;
    }
    response.setStatusCode(status);
    if (body == null) {
      response.end();
      return;
    }
    response.putHeader("Content-Type", "application/json");
    response.end(body);
  }

  /** Writes an error as API.md's JSON; a server fault is logged here, once, with its stack. */
  public static void fail(RoutingContext ctx, Throwable error) {
    ApiError api = ApiError.of(error);
    if (api.isServerFault()) {
      log.error("{} {} failed", ctx.request().method(), ctx.request().path(), error);
    } else if (api.status() == 503) {
      log.warn("{} {}: {}", ctx.request().method(), ctx.request().path(), error.getMessage());
    }
    HttpServerResponse response = ctx.response();
    if (response.ended() || response.closed()) {
      return;
    }
    response.setStatusCode(api.status()).putHeader("Content-Type", "application/json");
    if (api.retryAfterMillis() != null) {
      response.putHeader("Retry-After", Long.toString((api.retryAfterMillis() + 999) / 1000));
    }
    response.end(Json.buffer(api.body()));
  }
}
