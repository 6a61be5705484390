package dev.parley.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bare baseline: a Vert.x WebSocket fan-out server on the same Vert.x/Netty as Parley, with no
 * authentication and no store. A client names its rooms in the query ({@code /ws?rooms=a,b}); a
 * {@code send} frame (Parley's shape) is parsed, re-encoded once as a {@code message} event and
 * written to every other socket of the room, and the sender gets an {@code ack}. It is what the
 * transport on this machine allows, with the same JSON work per message as Parley.
 *
 * <p>Arguments: host, port (0 = any), number of HTTP server instances (event loops accepting).
 */
public final class BaselineServer {
  private final ConcurrentHashMap<String, Set<ServerWebSocket>> rooms = new ConcurrentHashMap<>();
  private final AtomicLong seq = new AtomicLong();

  public static void main(String[] args) {
    String host = args.length > 0 ? args[0] : "127.0.0.1";
    int port = args.length > 1 ? Integer.parseInt(args[1]) : 0;
    int instances = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    Vertx vertx = Vertx.vertx();
    BaselineServer baseline = new BaselineServer();
    int shared = port == 0 ? -1 : port; // -1: one random port shared by all instances
    int actual = port;
    for (int i = 0; i < instances; i++) {
      HttpServer server =
          vertx.createHttpServer(
              new HttpServerOptions().setHost(host).setPort(shared).setTcpNoDelay(true));
      server.webSocketHandler(baseline::accept).listen().await();
      actual = server.actualPort();
    }
    System.out.println("Baseline listening on http://" + host + ":" + actual);
    System.out.flush();
  }

  private void accept(ServerWebSocket ws) {
    String query = ws.query();
    String[] names = new String[0];
    if (query != null && query.startsWith("rooms=")) {
      names = query.substring("rooms=".length()).split(",");
    }
    String[] joined = names;
    for (String room : joined) {
      if (!room.isEmpty()) {
        rooms.computeIfAbsent(room, r -> ConcurrentHashMap.newKeySet()).add(ws);
      }
    }
    ws.closeHandler(
        v -> {
          for (String room : joined) {
            Set<ServerWebSocket> set = rooms.get(room);
            if (set != null) {
              set.remove(ws);
            }
          }
        });
    ws.textMessageHandler(text -> frame(ws, text));
  }

  private void frame(ServerWebSocket ws, String text) {
    JsonObject in;
    try {
      in = new JsonObject(text);
    } catch (RuntimeException e) {
      ws.writeTextMessage("{\"type\":\"error\",\"code\":\"invalid_request\"}");
      return;
    }
    String type = in.getString("type", "");
    if ("ping".equals(type)) {
      ws.writeTextMessage(
          new JsonObject().put("type", "pong").put("ref", in.getValue("ref")).encode());
      return;
    }
    if (!"send".equals(type)) {
      ws.writeTextMessage("{\"type\":\"error\",\"code\":\"invalid_request\"}");
      return;
    }
    String room = in.getString("thread_id", "");
    JsonObject message =
        new JsonObject()
            .put("thread_id", room)
            .put("seq", seq.incrementAndGet())
            .put("kind", "text")
            .put("body", in.getString("body"))
            .put("client_msg_id", in.getString("client_msg_id"));
    byte[] event =
        new JsonObject().put("type", "message").put("message", message).toBuffer().getBytes();
    Set<ServerWebSocket> members = rooms.get(room);
    if (members != null) {
      for (ServerWebSocket member : members) {
        if (member != ws) {
          member.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, event, true));
        }
      }
    }
    ws.writeTextMessage(
        new JsonObject()
            .put("type", "ack")
            .put("ref", in.getValue("ref"))
            .put("message", message)
            .encode());
  }
}
