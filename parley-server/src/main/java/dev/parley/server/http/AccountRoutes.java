package dev.parley.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.account.AccountService;
import dev.parley.core.account.Caller;
import dev.parley.core.account.LoginResult;
import dev.parley.core.error.InvalidRequest;
import dev.parley.core.model.PageLimit;
import dev.parley.core.model.User;
import dev.parley.server.json.Fields;
import dev.parley.server.json.Json;
import dev.parley.server.json.WireFormat;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** Registration, sessions and user lookups. */
public final class AccountRoutes {
  private final Api api;
  private final AccountService accounts;

  public AccountRoutes(Api api, AccountService accounts) {
    this.api = api;
    this.accounts = accounts;
  }

  public void mount(Router router) {
    router.post("/api/v1/users").handler(api.handle(this::register));
    router.post("/api/v1/sessions").handler(api.handle(this::login));
    router.delete("/api/v1/sessions/current").handler(api.handle(this::logout));
    router.get("/api/v1/me").handler(api.handle(this::me));
    router.get("/api/v1/users/:id").handler(api.handle(this::user));
    router.get("/api/v1/users").handler(api.handle(this::search));
  }

  private Reply register(RoutingContext ctx) {
    Fields body = Api.body(ctx);
    User user =
        accounts.register(
            body.requireString("username"),
            body.requireString("password"),
            body.string("display_name"));
    return Reply.created(WireFormat.wrap("user", WireFormat.user(user)));
  }

  private Reply login(RoutingContext ctx) {
    Fields body = Api.body(ctx);
    LoginResult result =
        accounts.login(
            body.requireString("username"),
            body.requireString("password"),
            body.string("device_name"),
            ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().host());
    ObjectNode node = Json.object();
    node.put("token", result.token());
    node.set("user", WireFormat.user(result.user()));
    node.put("device_id", result.deviceId());
    return Reply.created(node);
  }

  private Reply logout(RoutingContext ctx) {
    accounts.logout(api.caller(ctx));
    return Reply.noContent();
  }

  private Reply me(RoutingContext ctx) {
    Caller caller = api.caller(ctx);
    return Reply.ok(WireFormat.wrap("user", WireFormat.user(accounts.user(caller.userId()))));
  }

  private Reply user(RoutingContext ctx) {
    api.caller(ctx);
    return Reply.ok(WireFormat.wrap("user", WireFormat.user(accounts.user(ctx.pathParam("id")))));
  }

  private Reply search(RoutingContext ctx) {
    api.caller(ctx);
    String q = ctx.request().getParam("q");
    if (q == null) {
      throw new InvalidRequest("q is required");
    }
    int limit = PageLimit.of(Api.intParam(ctx, "limit"));
    ObjectNode node = Json.object();
    ArrayNode users = node.putArray("users");
    accounts.search(q, limit).forEach(u -> users.add(WireFormat.user(u)));
    return Reply.ok(node);
  }
}
