package dev.parley.server.ws;

import io.netty.channel.Channel;
import io.vertx.core.net.impl.VertxHandler;
import java.lang.reflect.Field;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets go of what Vert.x 5 keeps of the HTTP exchange after a WebSocket upgrade. The channel
 * handler of the new WebSocket connection holds the function that created that connection for as
 * long as the socket lives, and the function holds the HTTP connection, its request and response,
 * vertx-web's routing context and the HTTP connection's outbound queue: about 7 KB of every idle
 * WebSocket (JFR old-object sample paths and class histograms at 10,000 sockets). The function has
 * run once the handler is in the pipeline, so its field is cleared.
 *
 * <p>This reaches into a Vert.x internal type by reflection: if a Vert.x upgrade renames or
 * reshapes it, nothing breaks, the memory is simply kept (logged once at start).
 */
final class UpgradeLeftovers {
  private static final Logger log = LoggerFactory.getLogger(UpgradeLeftovers.class);
  private static final Field FACTORY = factoryField();

  private UpgradeLeftovers() {}

  /** Call on the channel's event loop, after the upgrade completed. */
  static void release(Channel channel) {
    if (FACTORY == null) {
      return;
    }
    VertxHandler<?> handler = channel.pipeline().get(VertxHandler.class);
    if (handler == null) {
      return; // closed meanwhile: the pipeline is empty and everything goes with it
    }
    try {
      FACTORY.set(handler, null);
    } catch (IllegalAccessException | RuntimeException e) {
      log.debug("cannot release the upgrade's HTTP connection", e);
    }
  }

  /** Whether upgraded sockets are released (false when this Vert.x has no such field). */
  static boolean active() {
    return FACTORY != null;
  }

  private static Field factoryField() {
    try {
      Field field = VertxHandler.class.getDeclaredField("connectionFactory");
      field.setAccessible(true);
      return field;
    } catch (NoSuchFieldException | RuntimeException e) {
      log.info(
          "this Vert.x keeps each WebSocket's HTTP upgrade request in memory ({}); it costs about"
              + " 7 KB per socket",
          e.toString());
      return null;
    }
  }
}
