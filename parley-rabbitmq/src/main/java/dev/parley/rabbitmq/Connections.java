package dev.parley.rabbitmq;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import dev.parley.core.error.Unavailable;
import java.io.IOException;
import java.net.URISyntaxException;
import java.security.GeneralSecurityException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens self-healing connections: the client reconnects and replays topology and consumers. */
final class Connections {
  private static final Logger log = LoggerFactory.getLogger(Connections.class);

  /** Bounds the first connect and each reconnection attempt. */
  private static final int CONNECT_TIMEOUT_MS = 5_000;

  /** Bounds every channel RPC (declare, cancel...): the default of 10 minutes is a hang. */
  private static final int RPC_TIMEOUT_MS = 10_000;

  /** Finds a silently dead TCP connection within about twice this. */
  private static final int HEARTBEAT_SECONDS = 10;

  private Connections() {}

  static ConnectionFactory factory(RabbitSettings settings) {
    ConnectionFactory factory = new ConnectionFactory();
    try {
      factory.setUri(settings.amqpUrl());
    } catch (URISyntaxException | GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid AMQP URL " + settings.redactedUrl(), e);
    }
    factory.setAutomaticRecoveryEnabled(true);
    factory.setTopologyRecoveryEnabled(true);
    factory.setNetworkRecoveryInterval(settings.recoveryInterval().toMillis());
    factory.setConnectionTimeout(CONNECT_TIMEOUT_MS);
    factory.setHandshakeTimeout(CONNECT_TIMEOUT_MS);
    factory.setChannelRpcTimeout(RPC_TIMEOUT_MS);
    factory.setRequestedHeartbeat(HEARTBEAT_SECONDS);
    return factory;
  }

  /** Connects once; a broker that cannot be reached now is {@link Unavailable}. */
  static Connection open(ConnectionFactory factory, String name, RabbitSettings settings) {
    Connection connection;
    try {
      connection = factory.newConnection(name);
    } catch (IOException | TimeoutException e) {
      throw new Unavailable(
          "cannot connect to RabbitMQ at " + settings.redactedUrl() + ": " + e, e);
    }
    connection.addShutdownListener(
        cause -> {
          if (!cause.isInitiatedByApplication()) {
            log.warn("RabbitMQ connection '{}' lost: {}", name, cause.getMessage());
          }
        });
    if (connection instanceof Recoverable recoverable) {
      recoverable.addRecoveryListener(
          new RecoveryListener() {
            @Override
            public void handleRecovery(Recoverable r) {
              log.info("RabbitMQ connection '{}' recovered", name);
            }

            @Override
            public void handleRecoveryStarted(Recoverable r) {
              log.info("RabbitMQ connection '{}' reconnecting", name);
            }
          });
    }
    return connection;
  }

  /** Closes without letting a dead broker hold the caller up. */
  static void close(Connection connection, int timeoutMs) {
    try {
      connection.close(timeoutMs);
    } catch (Exception e) {
      log.debug("closing RabbitMQ connection", e);
      connection.abort(timeoutMs);
    }
  }
}
