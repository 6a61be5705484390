package dev.parley.server.http;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which browser origins may call the API and open WebSockets: the server's own origin always, and
 * those configured. A request without an Origin header is not from a browser page and passes.
 */
public final class OriginPolicy {
  private final Set<String> allowed;

  public OriginPolicy(List<String> allowedOrigins) {
    this.allowed =
        allowedOrigins.stream()
            .map(o -> stripSlash(o.strip().toLowerCase(Locale.ROOT)))
            .collect(Collectors.toUnmodifiableSet());
  }

  public boolean permits(HttpServerRequest request) {
    String origin = request.getHeader("Origin");
    return origin == null || isSameOrigin(request, origin) || isListed(origin);
  }

  /** A cross-origin caller that the allowlist names (it gets CORS headers). */
  public boolean isListed(String origin) {
    return allowed.contains("*") || allowed.contains(stripSlash(origin.toLowerCase(Locale.ROOT)));
  }

  public static boolean isSameOrigin(HttpServerRequest request, String origin) {
    HostAndPort authority = request.authority();
    if (authority == null) {
      return false;
    }
    String scheme = request.isSSL() ? "https://" : "http://";
    String host = authority.host() + (authority.port() >= 0 ? ":" + authority.port() : "");
    return (scheme + host).equalsIgnoreCase(origin);
  }

  private static String stripSlash(String origin) {
    return origin.endsWith("/") ? origin.substring(0, origin.length() - 1) : origin;
  }
}
