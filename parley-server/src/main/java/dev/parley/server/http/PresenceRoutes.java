package dev.parley.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.account.Caller;
import dev.parley.core.error.InvalidRequest;
import dev.parley.core.model.PageLimit;
import dev.parley.core.presence.PresenceService;
import dev.parley.server.json.Json;
import dev.parley.server.json.WireFormat;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;
import java.util.List;

/** Heartbeats and the batch presence query. */
public final class PresenceRoutes {
  private final Api api;
  private final PresenceService presence;

  public PresenceRoutes(Api api, PresenceService presence) {
    this.api = api;
    this.presence = presence;
  }

  public void mount(Router router) {
    router.post("/api/v1/presence/heartbeat").handler(api.handle(this::heartbeat));
    router.get("/api/v1/presence").handler(api.handle(this::query));
  }

  private Reply heartbeat(RoutingContext ctx) {
    Caller caller = api.caller(ctx);
    presence.heartbeat(caller.userId());
    return Reply.noContent();
  }

  private Reply query(RoutingContext ctx) {
    api.caller(ctx);
    String raw = ctx.request().getParam("user_ids");
    if (raw == null || raw.isBlank()) {
      throw new InvalidRequest("user_ids is required");
    }
    List<String> ids =
        Arrays.stream(raw.split(","))
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .distinct()
            .toList();
    if (ids.isEmpty() || ids.size() > PageLimit.MAX) {
      throw new InvalidRequest("user_ids must name 1 to " + PageLimit.MAX + " users");
    }
    ObjectNode node = Json.object();
    ArrayNode list = node.putArray("presence");
    presence.query(ids).forEach(p -> list.add(WireFormat.presence(p)));
    return Reply.ok(node);
  }
}
