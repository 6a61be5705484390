package dev.parley.server.ws;

import dev.parley.core.account.Caller;
import dev.parley.core.realtime.CloseCodes;
import dev.parley.core.realtime.Connection;
import dev.parley.server.ops.Metrics;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import java.util.concurrent.atomic.AtomicInteger;

/** A Vert.x WebSocket as the Push service sees it. */
final class WsConnection implements Connection {
  private final String id;
  private final Caller caller;
  private final ServerWebSocket socket;
  private final Metrics metrics;
  private final int maxQueuedFrames;
  private final AtomicInteger queuedFrames = new AtomicInteger();
  private volatile boolean closing;
  final SerialExecutor work;

  WsConnection(
      String id,
      Caller caller,
      ServerWebSocket socket,
      Metrics metrics,
      SerialExecutor work,
      int maxQueuedFrames) {
    this.id = id;
    this.caller = caller;
    this.socket = socket;
    this.metrics = metrics;
    this.work = work;
    this.maxQueuedFrames = maxQueuedFrames;
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
   * Writes the shared bytes as a text frame without copying or re-encoding them. A connection that
   * does not read is bounded: past its queue's bytes (the socket's write watermark) or frames it is
   * closed with 1013, and resyncs by seq when it comes back; memory never grows with it.
   */
  @Override
  public void send(byte[] frame) {
    if (closing || socket.isClosed()) {
      return;
    }
    if (socket.writeQueueFull() || queuedFrames.get() >= maxQueuedFrames) {
      metrics.slowConsumerClosed();
      close(CloseCodes.TRY_AGAIN_LATER, "too far behind: reconnect and resync");
      return;
    }
    queuedFrames.incrementAndGet();
    socket
        .writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, frame, true))
        .onComplete(done -> queuedFrames.decrementAndGet());
    metrics.frameDelivered();
  }

  @Override
  public void close(int code, String reason) {
    closing = true;
    if (!socket.isClosed()) {
      socket.close((short) code, reason);
    }
  }
}
