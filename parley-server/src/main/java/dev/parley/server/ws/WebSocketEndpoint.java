package dev.parley.server.ws;

import dev.parley.core.account.AccountService;
import dev.parley.core.account.Caller;
import dev.parley.core.error.Forbidden;
import dev.parley.core.error.RateLimited;
import dev.parley.core.error.Unavailable;
import dev.parley.core.message.MessageService;
import dev.parley.core.port.IdSource;
import dev.parley.core.realtime.CloseCodes;
import dev.parley.core.realtime.PushService;
import dev.parley.core.thread.ThreadService;
import dev.parley.server.config.Limits;
import dev.parley.server.http.Api;
import dev.parley.server.http.OriginPolicy;
import dev.parley.server.ops.Metrics;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/ws}: checks the token before the upgrade (401 otherwise), then hands the
 * socket to the Push service, which subscribes it to its user's channels.
 */
public final class WebSocketEndpoint {
  private static final Logger log = LoggerFactory.getLogger(WebSocketEndpoint.class);
  private static final int MAX_PENDING_FRAMES = 256;

  private final AccountService accounts;
  private final PushService push;
  private final FrameDispatcher dispatcher;
  private final ExecutorService blocking;
  private final IdSource ids;
  private final Metrics metrics;
  private final BooleanSupplier accepting;
  private final Limits limits;
  private final OriginPolicy origins;

  public WebSocketEndpoint(
      AccountService accounts,
      MessageService messages,
      ThreadService threads,
      PushService push,
      ExecutorService blocking,
      IdSource ids,
      Metrics metrics,
      BooleanSupplier accepting,
      Limits limits,
      OriginPolicy origins) {
    this.accounts = accounts;
    this.push = push;
    this.dispatcher = new FrameDispatcher(messages, threads, push);
    this.blocking = blocking;
    this.ids = ids;
    this.metrics = metrics;
    this.accepting = accepting;
    this.limits = limits;
    this.origins = origins;
  }

  public void mount(Router router) {
    router.get("/api/v1/ws").handler(this::authenticate);
  }

  private void authenticate(RoutingContext ctx) {
    if (!accepting.getAsBoolean()) {
      Api.fail(ctx, new Unavailable("the server is shutting down", null));
      return;
    }
    HttpServerRequest request = ctx.request();
    if (!origins.permits(request)) {
      Api.fail(ctx, new Forbidden("WebSocket connections from this origin are not allowed"));
      return;
    }
    request.pause();
    String header = request.getHeader("Authorization");
    String queryToken = request.getParam("access_token");
    Context context = Vertx.currentContext();
    blocking.execute(
        () -> {
          try {
            String token = header != null ? Api.bearer(header) : queryToken;
            Caller caller = accounts.authenticate(token);
            if (push.connectionsOf(caller.userId()) >= limits.connectionsPerUser()) {
              throw new RateLimited(
                  "at most " + limits.connectionsPerUser() + " connections per user",
                  Duration.ofSeconds(5));
            }
            context.runOnContext(v -> upgrade(ctx, caller));
          } catch (RuntimeException e) {
            context.runOnContext(v -> Api.fail(ctx, e));
          }
        });
  }

  private void upgrade(RoutingContext ctx, Caller caller) {
    // The Netty channel outlives the upgrade; it is kept to drop peers that stop reading (internal
    // Vert.x type: the public API has no way to abort a WebSocket whose close frame cannot go out).
    Channel channel = ((ConnectionBase) ctx.request().connection()).channel();
    ctx.request()
        .toWebSocket()
        .onSuccess(
            socket -> {
              SocketMemory.trim(socket, channel);
              open(socket, channel, caller);
            })
        .onFailure(e -> log.debug("WebSocket upgrade failed: {}", e.getMessage()));
  }

  private void open(ServerWebSocket socket, Channel channel, Caller caller) {
    SerialExecutor work = new SerialExecutor(blocking, MAX_PENDING_FRAMES);
    WsConnection conn =
        new WsConnection(
            ids.next(),
            caller,
            socket,
            channel,
            metrics,
            work,
            limits.outboundQueueFrames(),
            limits.outboundQueueBytes());
    MessageAssembler assembler =
        new MessageAssembler(
            limits.maxFrameBytes(),
            text -> dispatcher.onText(conn, text),
            () -> dispatcher.onBinary(conn),
            () ->
                conn.close(
                    CloseCodes.TOO_BIG,
                    "a message must be at most " + limits.maxFrameBytes() + " bytes"));
    socket.frameHandler(assembler::accept);
    socket.exceptionHandler(
        e -> {
          // A single frame over the limit is refused by Netty's decoder, not by the assembler, and
          // Vert.x then drops the TCP connection: say why first (this runs before that, inline).
          if (e instanceof CorruptedWebSocketFrameException c
              && c.closeStatus().code() == CloseCodes.TOO_BIG) {
            conn.close(
                CloseCodes.TOO_BIG,
                "a message must be at most " + limits.maxFrameBytes() + " bytes");
          } else {
            log.debug("WebSocket {} error: {}", conn.id(), e.toString());
          }
        });
    socket.closeHandler(v -> work.always(() -> push.closed(conn)));
    work.always(
        () -> {
          try {
            push.open(conn);
            conn.send(Frames.ready(caller.userId(), conn.id()));
          } catch (RuntimeException e) {
            log.warn("could not open WebSocket of user {}: {}", caller.userId(), e.toString());
            conn.close(1011, "could not subscribe");
          }
          if (conn.isClosed()) {
            push.closed(conn);
          }
        });
  }
}
