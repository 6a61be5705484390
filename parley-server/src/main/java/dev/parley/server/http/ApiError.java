package dev.parley.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.error.Conflict;
import dev.parley.core.error.Forbidden;
import dev.parley.core.error.InvalidRequest;
import dev.parley.core.error.NotFound;
import dev.parley.core.error.ParleyException;
import dev.parley.core.error.PayloadTooLarge;
import dev.parley.core.error.RateLimited;
import dev.parley.core.error.Unauthorized;
import dev.parley.core.error.Unavailable;
import dev.parley.server.json.Json;

/**
 * The one table from domain errors to API.md's statuses and codes, used by REST and WebSocket
 * alike. Anything else is a bug: a 500 with no detail for the client.
 */
public record ApiError(int status, String code, String message, Long retryAfterMillis) {

  public static ApiError of(Throwable error) {
    if (error instanceof Unavailable u) {
      // The detail (a driver's message) is for the log, not for clients.
      return new ApiError(503, u.code(), "the service is unavailable, try again shortly", null);
    }
    if (error instanceof ParleyException p) {
      return new ApiError(status(p), p.code(), p.getMessage(), retryAfter(p));
    }
    return new ApiError(500, "internal", "something went wrong on the server", null);
  }

  private static int status(ParleyException e) {
    return switch (e) {
      case InvalidRequest x -> 400;
      case Unauthorized x -> 401;
      case Forbidden x -> 403;
      case NotFound x -> 404;
      case Conflict x -> 409;
      case PayloadTooLarge x -> 413;
      case RateLimited x -> 429;
      case Unavailable x -> 503;
    };
  }

  private static Long retryAfter(ParleyException e) {
    return e instanceof RateLimited r ? r.retryAfter().toMillis() : null;
  }

  public boolean isServerFault() {
    return status == 500;
  }

  /** {@code {"error": {"code", "message"}}}. */
  public ObjectNode body() {
    ObjectNode error = Json.object();
    error.put("code", code);
    error.put("message", message);
    ObjectNode node = Json.object();
    node.set("error", error);
    return node;
  }
}
