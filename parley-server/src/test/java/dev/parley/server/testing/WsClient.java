package dev.parley.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/** A real WebSocket client (java.net.http) that queues every frame it receives. */
public final class WsClient implements AutoCloseable {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private WebSocket socket;
  private JsonNode ready;

  private WsClient() {}

  public static WsClient connect(int port, String token) {
    WsClient client = new WsClient();
    try {
      client.socket =
          HttpClient.newHttpClient()
              .newWebSocketBuilder()
              .connectTimeout(Duration.ofSeconds(5))
              .header("Authorization", "Bearer " + token)
              .buildAsync(URI.create("ws://127.0.0.1:" + port + "/api/v1/ws"), client.listener())
              .get(10, TimeUnit.SECONDS);
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      throw new IllegalStateException("WebSocket connect failed: " + e, e);
    }
    client.ready = client.next(f -> f.get("type").asText().equals("ready"));
    return client;
  }

  public JsonNode ready() {
    return ready;
  }

  private WebSocket.Listener listener() {
    return new WebSocket.Listener() {
      private final StringBuilder partial = new StringBuilder();

      @Override
      public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
          try {
            frames.add(MAPPER.readTree(partial.toString()));
          } catch (IOException e) {
            frames.add(MAPPER.createObjectNode().put("type", "unparseable"));
          }
          partial.setLength(0);
        }
        ws.request(1);
        return null;
      }

      @Override
      public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
      }

      @Override
      public void onError(WebSocket ws, Throwable error) {
        closed.complete(-1);
      }
    };
  }

  public void send(Object frame) {
    String text;
    try {
      text = frame instanceof String s ? s : MAPPER.writeValueAsString(frame);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    socket.sendText(text, true).join();
  }

  public void sendBinary(byte[] data) {
    socket.sendBinary(ByteBuffer.wrap(data), true).join();
  }

  /** The next frame that matches, skipping others; fails after 10 s. */
  public JsonNode next(Predicate<JsonNode> match) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        JsonNode frame = frames.poll(Math.max(left, 0), TimeUnit.NANOSECONDS);
        if (frame == null) {
          throw new AssertionError("no matching frame within 10 s");
        }
        if (match.test(frame)) {
          return frame;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  public JsonNode next(String type) {
    return next(f -> f.get("type").asText().equals(type));
  }

  /** Every frame received within {@code wait} that matches. */
  public List<JsonNode> collect(Duration wait, Predicate<JsonNode> match) {
    List<JsonNode> out = new ArrayList<>();
    long deadline = System.nanoTime() + wait.toNanos();
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return out;
        }
        JsonNode frame = frames.poll(left, TimeUnit.NANOSECONDS);
        if (frame != null && match.test(frame)) {
          out.add(frame);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return out;
    }
  }

  /** The close code the server sent, waiting up to 10 s. */
  public int awaitClose() {
    try {
      return closed.get(10, TimeUnit.SECONDS);
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      throw new AssertionError("the socket did not close: " + e);
    }
  }

  public boolean isClosed() {
    return closed.isDone();
  }

  @Override
  public void close() {
    if (!closed.isDone() && !socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
    }
    socket.abort();
  }
}
