package dev.parley.server.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

/** The web client: static files from the jar's {@code web/} folder, served at {@code /}. */
public final class WebClientRoutes {
  private WebClientRoutes() {}

  public static void mount(Router router) {
    StaticHandler files =
        StaticHandler.create("web")
            .setIndexPage("index.html")
            .setCachingEnabled(false)
            .setDefaultContentEncoding("UTF-8");
    router.get("/*").handler(files);
  }
}
