package dev.parley.server.ws;

import io.netty.channel.Channel;
import io.netty.util.internal.PlatformDependent;
import io.netty.util.internal.shaded.org.jctools.queues.MpscUnboundedArrayQueue;
import io.netty.util.internal.shaded.org.jctools.queues.atomic.MpscUnboundedAtomicArrayQueue;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.impl.VertxConnection;
import io.vertx.core.net.impl.VertxHandler;
import java.lang.reflect.Field;
import java.util.Queue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trims what Vert.x 5 keeps for every upgraded WebSocket, which is most of an idle socket's memory
 * (JFR old-object sample paths and class histograms, 10,000 sockets):
 *
 * <ul>
 *   <li>The channel handler of the WebSocket connection keeps the function that created that
 *       connection, and the function holds the HTTP connection of the upgrade, its request and
 *       response, vertx-web's routing context and that connection's outbound queue: about 7.9 KB.
 *       The function has run once the handler is in the pipeline: the field is cleared.
 *   <li>The WebSocket connection's outbound queue (writes from threads other than its event loop)
 *       starts with a 1,024-slot array (4 KB). Parley bounds what it writes to a socket itself
 *       ({@link WsConnection}), so the queue starts with {@value #OUTBOUND_CHUNK} slots instead; it
 *       still grows by linking more chunks when needed.
 *   <li>The socket keeps the upgrade request's headers (1.2 KB here), read by Parley before the
 *       upgrade and never after: they are cleared.
 * </ul>
 *
 * <p>Both reach into Vert.x internal types by reflection, before the socket is used by anyone. If a
 * Vert.x upgrade renames or reshapes them, nothing breaks: the memory is simply kept (logged once
 * at start, and {@code SocketMemoryTest} fails).
 */
final class SocketMemory {
  static final int OUTBOUND_CHUNK = 32;

  private static final Logger log = LoggerFactory.getLogger(SocketMemory.class);
  private static final Field FACTORY = field(VertxHandler.class, "connectionFactory");
  private static final Field OUTBOUND = field(VertxConnection.class, "outboundMessageQueue");
  private static final Field MESSAGE_PASSING =
      field("io.vertx.core.internal.concurrent.OutboundMessageQueue", "mqp");
  private static final Field QUEUE =
      field("io.vertx.core.streams.impl.MessagePassingQueue", "queue");

  private SocketMemory() {}

  /** Call on the channel's event loop, right after the upgrade, before the socket is written to. */
  static void trim(ServerWebSocket socket, Channel channel) {
    socket.headers().clear(); // read before the upgrade (origin, token), never after
    trim(channel);
  }

  /** The Vert.x internals of {@link #trim(ServerWebSocket, Channel)}. */
  static void trim(Channel channel) {
    VertxHandler<?> handler = channel.pipeline().get(VertxHandler.class);
    if (handler == null) {
      return; // closed meanwhile: the pipeline is empty and everything goes with it
    }
    try {
      if (FACTORY != null) {
        FACTORY.set(handler, null);
      }
      if (handler.getConnection() != null && OUTBOUND != null) {
        shrinkOutbound(OUTBOUND.get(handler.getConnection()));
      }
    } catch (IllegalAccessException | RuntimeException e) {
      log.debug("cannot trim the memory of WebSocket {}", channel, e);
    }
  }

  /** Whether both trims apply to this Vert.x. */
  static boolean active() {
    return FACTORY != null && OUTBOUND != null && MESSAGE_PASSING != null && QUEUE != null;
  }

  private static void shrinkOutbound(Object outbound) throws IllegalAccessException {
    if (MESSAGE_PASSING == null
        || QUEUE == null
        || !MESSAGE_PASSING.getDeclaringClass().isInstance(outbound)) {
      return;
    }
    Object messagePassing = MESSAGE_PASSING.get(outbound);
    if (QUEUE.get(messagePassing) instanceof Queue<?> queue && queue.isEmpty()) {
      QUEUE.set(messagePassing, leanQueue());
    }
  }

  /** The flavour Netty itself would pick: with Unsafe when it may use it, else atomics. */
  private static Queue<Object> leanQueue() {
    return PlatformDependent.hasUnsafe()
        ? new MpscUnboundedArrayQueue<>(OUTBOUND_CHUNK)
        : new MpscUnboundedAtomicArrayQueue<>(OUTBOUND_CHUNK);
  }

  private static Field field(String className, String name) {
    try {
      return field(Class.forName(className), name);
    } catch (ClassNotFoundException e) {
      return unavailable(className + "." + name, e);
    }
  }

  private static Field field(Class<?> type, String name) {
    try {
      Field field = type.getDeclaredField(name);
      field.setAccessible(true);
      return field;
    } catch (NoSuchFieldException | RuntimeException e) {
      return unavailable(type.getName() + "." + name, e);
    }
  }

  private static Field unavailable(String what, Exception e) {
    log.info(
        "this Vert.x has no {} ({}): each WebSocket keeps some memory Parley would trim",
        what,
        e.toString());
    return null;
  }
}
