package dev.parley.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.account.Caller;
import dev.parley.core.device.DeviceService;
import dev.parley.core.model.Device;
import dev.parley.core.store.Created;
import dev.parley.server.json.Fields;
import dev.parley.server.json.Json;
import dev.parley.server.json.WireFormat;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** Devices that receive offline notifications. */
public final class DeviceRoutes {
  private final Api api;
  private final DeviceService devices;

  public DeviceRoutes(Api api, DeviceService devices) {
    this.api = api;
    this.devices = devices;
  }

  public void mount(Router router) {
    router.post("/api/v1/devices").handler(api.handle(this::register));
    router.get("/api/v1/devices").handler(api.handle(this::list));
    router.delete("/api/v1/devices/:id").handler(api.handle(this::delete));
  }

  private Reply register(RoutingContext ctx) {
    Caller caller = api.caller(ctx);
    Fields body = Api.body(ctx);
    Created<Device> device =
        devices.register(caller, body.requireString("platform"), body.requireString("token"));
    ObjectNode node = WireFormat.wrap("device", WireFormat.device(device.value()));
    return device.created() ? Reply.created(node) : Reply.ok(node);
  }

  private Reply list(RoutingContext ctx) {
    Caller caller = api.caller(ctx);
    ObjectNode node = Json.object();
    ArrayNode list = node.putArray("devices");
    devices.list(caller).forEach(d -> list.add(WireFormat.device(d)));
    return Reply.ok(node);
  }

  private Reply delete(RoutingContext ctx) {
    Caller caller = api.caller(ctx);
    devices.delete(caller, ctx.pathParam("id"));
    return Reply.noContent();
  }
}
