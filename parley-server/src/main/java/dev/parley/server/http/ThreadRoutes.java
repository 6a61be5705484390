package dev.parley.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.account.Caller;
import dev.parley.core.error.InvalidRequest;
import dev.parley.core.model.ThreadPage;
import dev.parley.core.model.ThreadSummary;
import dev.parley.core.store.Created;
import dev.parley.core.thread.ThreadService;
import dev.parley.server.json.Fields;
import dev.parley.server.json.Json;
import dev.parley.server.json.WireFormat;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** Threads, members, per-user settings and read pointers. */
public final class ThreadRoutes {
  private static final int MAX_IDS = 10_000;

  private final Api api;
  private final ThreadService threads;

  public ThreadRoutes(Api api, ThreadService threads) {
    this.api = api;
    this.threads = threads;
  }

  public void mount(Router router) {
    router.post("/api/v1/threads").handler(api.handle(this::create));
    router.get("/api/v1/threads").handler(api.handle(this::list));
    router.get("/api/v1/threads/:id").handler(api.handle(this::get));
    router.patch("/api/v1/threads/:id").handler(api.handle(this::rename));
    router.post("/api/v1/threads/:id/members").handler(api.handle(this::addMembers));
    router.delete("/api/v1/threads/:id/members/:userId").handler(api.handle(this::removeMember));
    router.patch("/api/v1/threads/:id/settings").handler(api.handle(this::settings));
    router.post("/api/v1/threads/:id/read").handler(api.handle(this::read));
  }

  private Reply create(RoutingContext ctx) {
    Caller caller = api.caller(ctx);
    Fields body = Api.body(ctx);
    String kind = body.requireString("kind");
    switch (kind) {
      case "direct" -> {
        Created<ThreadSummary> created =
            threads.createDirect(caller, body.requireStrings("participant_ids", 2));
        ObjectNode node = thread(created.value());
        return created.created() ? Reply.created(node) : Reply.ok(node);
      }
      case "group" -> {
        ThreadSummary group =
            threads.createGroup(
                caller, body.requireStrings("participant_ids", MAX_IDS), body.string("title"));
        return Reply.created(thread(group));
      }
      default -> throw new InvalidRequest("kind must be direct or group");
    }
  }

  private Reply list(RoutingContext ctx) {
    Caller caller = api.caller(ctx);
    ThreadPage page =
        threads.list(caller, ctx.request().getParam("before"), Api.intParam(ctx, "limit"));
    ObjectNode node = Json.object();
    ArrayNode list = node.putArray("threads");
    page.threads().forEach(t -> list.add(WireFormat.thread(t)));
    node.put("next_before", page.nextBefore());
    return Reply.ok(node);
  }

  /** One thread, with every member's read pointer as {@code member_reads} (an extension). */
  private Reply get(RoutingContext ctx) {
    Caller caller = api.caller(ctx);
    String id = ctx.pathParam("id");
    ObjectNode node = WireFormat.thread(threads.get(caller, id));
    node.set("member_reads", WireFormat.memberReads(threads.members(caller, id)));
    return Reply.ok(WireFormat.wrap("thread", node));
  }

  private Reply rename(RoutingContext ctx) {
    Caller caller = api.caller(ctx);
    Fields body = Api.body(ctx);
    return Reply.ok(
        thread(threads.rename(caller, ctx.pathParam("id"), body.requireString("title"))));
  }

  private Reply addMembers(RoutingContext ctx) {
    Caller caller = api.caller(ctx);
    Fields body = Api.body(ctx);
    return Reply.ok(
        thread(
            threads.addMembers(
                caller, ctx.pathParam("id"), body.requireStrings("user_ids", MAX_IDS))));
  }

  private Reply removeMember(RoutingContext ctx) {
    Caller caller = api.caller(ctx);
    threads.removeMember(caller, ctx.pathParam("id"), ctx.pathParam("userId"));
    return Reply.noContent();
  }

  private Reply settings(RoutingContext ctx) {
    Caller caller = api.caller(ctx);
    Fields body = Api.body(ctx);
    Boolean muted = body.bool("muted");
    boolean nicknameSet = body.has("nickname");
    String nickname = body.string("nickname");
    if (muted == null && !nicknameSet) {
      throw new InvalidRequest("give muted and/or nickname");
    }
    return Reply.ok(
        thread(threads.updateSettings(caller, ctx.pathParam("id"), muted, nicknameSet, nickname)));
  }

  private Reply read(RoutingContext ctx) {
    Caller caller = api.caller(ctx);
    Fields body = Api.body(ctx);
    threads.markRead(caller, ctx.pathParam("id"), body.requireLong("seq"));
    return Reply.noContent();
  }

  private static ObjectNode thread(ThreadSummary summary) {
    return WireFormat.wrap("thread", WireFormat.thread(summary));
  }
}
