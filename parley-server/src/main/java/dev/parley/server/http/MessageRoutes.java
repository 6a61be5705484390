package dev.parley.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.account.Caller;
import dev.parley.core.message.MessageService;
import dev.parley.core.model.MessagePage;
import dev.parley.core.store.Appended;
import dev.parley.server.json.Fields;
import dev.parley.server.json.WireFormat;
import dev.parley.server.json.WirePage;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** Sending messages and reading history. */
public final class MessageRoutes {
  private final Api api;
  private final MessageService messages;

  public MessageRoutes(Api api, MessageService messages) {
    this.api = api;
    this.messages = messages;
  }

  public void mount(Router router) {
    router.post("/api/v1/threads/:id/messages").handler(api.handle(this::send));
    router.get("/api/v1/threads/:id/messages").handler(api.handle(this::history));
  }

  private Reply send(RoutingContext ctx) {
    Caller caller = api.caller(ctx);
    Fields body = Api.body(ctx);
    Appended appended =
        messages.send(
            caller,
            ctx.pathParam("id"),
            body.requireString("body"),
            body.requireString("client_msg_id"),
            null);
    ObjectNode node = WireFormat.wrap("message", WireFormat.message(appended.message()));
    return appended.created() ? Reply.created(node) : Reply.ok(node);
  }

  private Reply history(RoutingContext ctx) {
    Caller caller = api.caller(ctx);
    MessagePage page =
        messages.history(
            caller,
            ctx.pathParam("id"),
            Api.longParam(ctx, "before_seq"),
            Api.longParam(ctx, "after_seq"),
            Api.intParam(ctx, "limit"));
    return Reply.ok(new WirePage(page));
  }
}
