package dev.parley.server.http;

import dev.parley.core.error.Forbidden;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * What browsers need to keep users safe: security headers on every answer (a strict
 * Content-Security-Policy for the web client), CORS for the API limited to the allowed origins, and
 * HSTS when serving TLS.
 */
public final class BrowserSecurity {
  static final String CSP =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
          + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
          + "form-action 'self'; frame-ancestors 'none'";

  private final OriginPolicy origins;
  private final boolean tls;

  public BrowserSecurity(OriginPolicy origins, boolean tls) {
    this.origins = origins;
    this.tls = tls;
  }

  public void mount(Router router) {
    router.route().handler(this::headers);
    router.route("/api/*").handler(this::cors);
  }

  private void headers(RoutingContext ctx) {
    HttpServerResponse response = ctx.response();
    response
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("X-Frame-Options", "DENY")
        .putHeader("Content-Security-Policy", CSP)
        .putHeader("Cross-Origin-Opener-Policy", "same-origin")
        .putHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    if (tls) {
      response.putHeader("Strict-Transport-Security", "max-age=31536000");
    }
    ctx.next();
  }

  private void cors(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    String origin = request.getHeader("Origin");
    if (origin == null || OriginPolicy.isSameOrigin(request, origin)) {
      ctx.next();
      return;
    }
    if (!origins.isListed(origin)) {
      Api.fail(ctx, new Forbidden("this origin may not use the API"));
      return;
    }
    HttpServerResponse response = ctx.response();
    response
        .putHeader("Access-Control-Allow-Origin", origin)
        .putHeader("Vary", "Origin")
        .putHeader("Access-Control-Expose-Headers", "Retry-After");
    if (request.method() == HttpMethod.OPTIONS) {
      response
          .putHeader("Access-Control-Allow-Methods", "GET, POST, PATCH, DELETE")
          .putHeader("Access-Control-Allow-Headers", "Authorization, Content-Type")
          .putHeader("Access-Control-Max-Age", "600")
          .setStatusCode(204)
          .end();
      return;
    }
    ctx.next();
  }
}
