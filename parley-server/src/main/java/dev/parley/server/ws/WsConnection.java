package dev.parley.server.ws;

import dev.parley.core.account.Caller;
import dev.parley.core.realtime.CloseCodes;
import dev.parley.core.realtime.Connection;
import dev.parley.server.ops.Metrics;
import io.netty.channel.Channel;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A Vert.x WebSocket as the Push service sees it. */
final class WsConnection implements Connection {
  private final String id;
  private final Caller caller;
  private final ServerWebSocket socket;
  private final Channel channel;
  private final Metrics metrics;
  private final int maxQueuedFrames;
  private final int maxQueuedBytes;
  private final AtomicInteger queuedFrames = new AtomicInteger();
  private final AtomicInteger queuedBytes = new AtomicInteger();
  private static final long CLOSE_GRACE_SECONDS = 2;
  private volatile boolean closing;
  final SerialExecutor work;

  WsConnection(
      String id,
      Caller caller,
      ServerWebSocket socket,
      Channel channel,
      Metrics metrics,
      SerialExecutor work,
      int maxQueuedFrames,
      int maxQueuedBytes) {
    this.id = id;
    this.caller = caller;
    this.socket = socket;
    this.channel = channel;
    this.metrics = metrics;
    this.work = work;
    this.maxQueuedFrames = maxQueuedFrames;
    this.maxQueuedBytes = maxQueuedBytes;
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
   * does not read is bounded: past its queue's frames or bytes (those written but not yet taken by
   * the kernel) it is closed with 1013, and resyncs by seq when it comes back; memory never grows
   * with it. The queue is counted here rather than read from Vert.x's writeQueueFull, which also
   * trips on a short burst of writes from threads other than the event loop.
   */
  @Override
  public void send(byte[] frame) {
    if (closing || socket.isClosed()) {
      return;
    }
    if (queuedFrames.get() >= maxQueuedFrames
        || queuedBytes.get() + frame.length > maxQueuedBytes) {
      metrics.slowConsumerClosed();
      close(CloseCodes.TRY_AGAIN_LATER, "too far behind: reconnect and resync");
      return;
    }
    queuedFrames.incrementAndGet();
    queuedBytes.addAndGet(frame.length);
    socket
        .writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, frame, true))
        .onComplete(
            done -> {
              queuedFrames.decrementAndGet();
              queuedBytes.addAndGet(-frame.length);
            });
    metrics.frameDelivered();
  }

  @Override
  public void close(int code, String reason) {
    closing = true;
    if (socket.isClosed()) {
      return;
    }
    socket.close((short) code, reason);
    // A peer that does not read never takes the close frame queued behind its backlog, and Vert.x
    // waits for that frame to be written: abort the TCP connection after a grace period instead.
    channel
        .eventLoop()
        .schedule(
            () -> {
              if (channel.isOpen()) {
                // Past the pipeline: Vert.x's own close would again wait for the close frame.
                channel.unsafe().close(channel.voidPromise());
              }
            },
            CLOSE_GRACE_SECONDS,
            TimeUnit.SECONDS);
  }
}
