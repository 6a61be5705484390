package dev.parley.server.ws;

import dev.parley.core.account.Caller;
import dev.parley.core.realtime.CloseCodes;
import dev.parley.core.realtime.Connection;
import dev.parley.server.ops.Metrics;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;

/** A Vert.x WebSocket as the Push service sees it. */
final class WsConnection implements Connection {
  private final String id;
  private final Caller caller;
  private final ServerWebSocket socket;
  private final Metrics metrics;
  final SerialExecutor work;

  WsConnection(
      String id, Caller caller, ServerWebSocket socket, Metrics metrics, SerialExecutor work) {
    this.id = id;
    this.caller = caller;
    this.socket = socket;
    this.metrics = metrics;
    this.work = work;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String userId() {
    return caller.userId();
  }

  @Override
  public String sessionId() {
    return caller.sessionId();
  }

  Caller caller() {
    return caller;
  }

  boolean isClosed() {
    return socket.isClosed();
  }

  /**
   * Writes the shared bytes as a text frame without copying or re-encoding them. A connection whose
   * write queue is full is closed with 1013: it resyncs by seq when it comes back.
   */
  @Override
  public void send(byte[] frame) {
    if (socket.isClosed()) {
      return;
    }
    if (socket.writeQueueFull()) {
      close(CloseCodes.TRY_AGAIN_LATER, "too far behind");
      return;
    }
    socket.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, frame, true));
    metrics.frameDelivered();
  }

  @Override
  public void close(int code, String reason) {
    if (!socket.isClosed()) {
      socket.close((short) code, reason);
    }
  }
}
