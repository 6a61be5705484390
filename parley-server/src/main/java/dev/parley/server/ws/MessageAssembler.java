package dev.parley.server.ws;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;
import java.util.function.Consumer;

/**
 * Joins fragmented WebSocket messages under one size limit. Vert.x's own aggregation only raises an
 * exception past its limit; here the connection is told, so it can close with 1009.
 */
final class MessageAssembler {
  private final int maxBytes;
  private final Consumer<byte[]> onText;
  private final Runnable onBinary;
  private final Runnable onTooBig;
  private Buffer pending;
  private boolean pendingIsText;

  MessageAssembler(int maxBytes, Consumer<byte[]> onText, Runnable onBinary, Runnable onTooBig) {
    this.maxBytes = maxBytes;
    this.onText = onText;
    this.onBinary = onBinary;
    this.onTooBig = onTooBig;
  }

  void accept(WebSocketFrame frame) {
    if (frame.isText() || frame.isBinary()) {
      pending = Buffer.buffer();
      pendingIsText = frame.isText();
    } else if (!frame.isContinuation() || pending == null) {
      return;
    }
    pending.appendBuffer(frame.binaryData());
    if (pending.length() > maxBytes) {
      pending = null;
      onTooBig.run();
      return;
    }
    if (frame.isFinal()) {
      Buffer message = pending;
      pending = null;
      if (pendingIsText) {
        onText.accept(message.getBytes());
      } else {
        onBinary.run();
      }
    }
  }
}
