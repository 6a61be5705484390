package dev.parley.server.config;

import static dev.parley.server.config.Checks.require;

import java.nio.file.Path;
import java.util.List;

/**
 * Where and how the node listens: address, port, optional TLS (PEM certificate chain and key), and
 * the browser origins allowed besides the server's own (CORS and WebSocket Origin checks).
 */
public record Listen(
    String host, int port, Path tlsCert, Path tlsKey, List<String> allowedOrigins) {

  public Listen {
    require(port >= 0 && port <= 65535, "port must be 0..65535");
    require((tlsCert == null) == (tlsKey == null), "--tls-cert and --tls-key go together");
    allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
  }

  public boolean tls() {
    return tlsCert != null;
  }

  public Listen withPort(int newPort) {
    return new Listen(host, newPort, tlsCert, tlsKey, allowedOrigins);
  }
}
