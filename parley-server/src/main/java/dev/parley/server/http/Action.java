package dev.parley.server.http;

import io.vertx.ext.web.RoutingContext;

/** A route's work, run on a virtual thread: it may block on the store. */
@FunctionalInterface
public interface Action {
  Reply run(RoutingContext ctx);
}
