package dev.parley.server.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A minimal WebSocket client over a plain socket (RFC 6455, client side), for tests that must send
 * what a well-behaved client library refuses to: invalid UTF-8 in text frames, binary frames, raw
 * fragments, oversize frames. It also reads the answer to a refused upgrade (status and JSON body).
 * Frames are written to a buffer and go out on {@link #flush()}, so a caller can pipeline many.
 */
final class RawWebSocket implements AutoCloseable {
  static final int TEXT = 0x1;
  static final int BINARY = 0x2;
  static final int CONTINUATION = 0x0;
  static final int CLOSE = 0x8;
  static final int PING = 0x9;
  static final int PONG = 0xA;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** The server's answer to an upgrade request that it refused. */
  record Refused(int status, String body, JsonNode json) {
    String errorCode() {
      return json == null || json.get("error") == null
          ? null
          : json.get("error").path("code").asText(null);
    }
  }

  /** One frame from the server: its opcode and payload (text, or a close frame's code). */
  record Frame(int opcode, byte[] payload) {
    String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    int closeCode() {
      return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
    }
  }

  /** The outcome of an upgrade attempt: a socket, or the HTTP answer that refused it. */
  record Upgrade(RawWebSocket socket, Refused refused) {}

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private RawWebSocket(Socket socket, InputStream in, OutputStream out) {
    this.socket = socket;
    this.in = in;
    this.out = out;
  }

  /**
   * Attempts the upgrade of {@code GET path} with the given Authorization header (null: none).
   * Returns the open socket on 101, or the refusal otherwise.
   */
  static Upgrade upgrade(int port, String path, String authorization) {
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(10_000);
      InputStream in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
      OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
      byte[] nonce = new byte[16];
      ThreadLocalRandom.current().nextBytes(nonce);
      StringBuilder request =
          new StringBuilder()
              .append("GET ")
              .append(path)
              .append(" HTTP/1.1\r\n")
              .append("Host: 127.0.0.1:")
              .append(port)
              .append("\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n")
              .append("Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ")
              .append(Base64.getEncoder().encodeToString(nonce))
              .append("\r\n");
      if (authorization != null) {
        request.append("Authorization: ").append(authorization).append("\r\n");
      }
      request.append("\r\n");
      out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      String status = readLine(in);
      Map<String, String> headers = new LinkedHashMap<>();
      for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
        int colon = line.indexOf(':');
        headers.put(
            line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
            line.substring(colon + 1).strip());
      }
      int code = Integer.parseInt(status.split(" ")[1]);
      if (code == 101) {
        return new Upgrade(new RawWebSocket(socket, in, out), null);
      }
      int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
      String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
      socket.close();
      JsonNode json;
      try {
        json = body.isEmpty() ? null : MAPPER.readTree(body);
      } catch (IOException e) {
        json = null;
      }
      return new Upgrade(null, new Refused(code, body, json));
    } catch (IOException e) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // already failing
      }
      throw new UncheckedIOException("upgrade of " + path + " failed", e);
    }
  }

  /** Opens a socket for the token, failing unless the server upgrades. */
  static RawWebSocket open(int port, String token) {
    Upgrade upgrade = upgrade(port, "/api/v1/ws", "Bearer " + token);
    if (upgrade.socket() == null) {
      throw new IllegalStateException("upgrade refused: " + upgrade.refused());
    }
    return upgrade.socket();
  }

  /** Buffers one masked frame. */
  void frame(int opcode, boolean fin, byte[] payload) {
    try {
      out.write((fin ? 0x80 : 0) | opcode);
      int length = payload.length;
      if (length < 126) {
        out.write(0x80 | length);
      } else if (length < 65_536) {
        out.write(0x80 | 126);
        out.write(length >>> 8);
        out.write(length);
      } else {
        out.write(0x80 | 127);
        for (int shift = 56; shift >= 0; shift -= 8) {
          out.write((int) ((long) length >>> shift));
        }
      }
      byte[] mask = new byte[4];
      ThreadLocalRandom.current().nextBytes(mask);
      out.write(mask);
      byte[] masked = new byte[length];
      for (int i = 0; i < length; i++) {
        masked[i] = (byte) (payload[i] ^ mask[i & 3]);
      }
      out.write(masked);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void text(String text) {
    frame(TEXT, true, text.getBytes(StandardCharsets.UTF_8));
  }

  void flush() {
    try {
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The next data or close frame (fragments joined; pings and pongs skipped). */
  Frame read() throws IOException {
    ByteArrayOutputStream message = null;
    int messageOpcode = 0;
    while (true) {
      int b0 = in.read();
      if (b0 < 0) {
        throw new EOFException("the server closed the TCP connection");
      }
      int b1 = in.read();
      if (b1 < 0) {
        throw new EOFException("the server closed the TCP connection");
      }
      boolean fin = (b0 & 0x80) != 0;
      int opcode = b0 & 0x0F;
      long length = b1 & 0x7F;
      if (length == 126) {
        length = ((long) in.read() << 8) | in.read();
      } else if (length == 127) {
        length = 0;
        for (int i = 0; i < 8; i++) {
          length = (length << 8) | in.read();
        }
      }
      if ((b1 & 0x80) != 0) {
        throw new IOException("a server frame must not be masked");
      }
      byte[] payload = in.readNBytes((int) length);
      if (payload.length != length) {
        throw new EOFException("the server closed the TCP connection mid-frame");
      }
      if (opcode == PING || opcode == PONG) {
        continue;
      }
      if (opcode == CLOSE) {
        return new Frame(CLOSE, payload);
      }
      if (opcode != CONTINUATION) {
        message = new ByteArrayOutputStream();
        messageOpcode = opcode;
      }
      if (message == null) {
        throw new IOException("a continuation frame without a first frame");
      }
      message.write(payload);
      if (fin) {
        return new Frame(messageOpcode, message.toByteArray());
      }
    }
  }

  void timeout(int millis) {
    try {
      socket.setSoTimeout(millis);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    while (true) {
      int c = in.read();
      if (c < 0) {
        throw new EOFException("the server closed the connection during the handshake");
      }
      if (c == '\n') {
        int end = line.length();
        return end > 0 && line.charAt(end - 1) == '\r'
            ? line.substring(0, end - 1)
            : line.toString();
      }
      line.append((char) c);
    }
  }
}
