package dev.parley.server.security;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A lean HTTP/1.1 client on one keep-alive connection, for a fuzz test that sends tens of thousands
 * of requests: it writes exactly the request it is given and reads the answer by its Content-Length
 * (or chunks). Not thread-safe: one per worker.
 */
final class RawHttp implements AutoCloseable {
  /** An answer: status and body. */
  record Response(int status, byte[] body) {}

  private final int port;
  private final int timeoutMillis;
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  RawHttp(int port, int timeoutMillis) {
    this.port = port;
    this.timeoutMillis = timeoutMillis;
  }

  /**
   * Sends one request and reads its answer. A connection that the server closed while idle is
   * replaced once, before anything of the answer was read.
   */
  Response send(String method, String target, String authorization, byte[] body)
      throws IOException {
    byte[] head = head(method, target, authorization, body);
    boolean fresh = socket == null;
    try {
      return exchange(head, body);
    } catch (IOException e) {
      close();
      if (fresh || !(e instanceof StaleConnection)) {
        throw e;
      }
      return exchange(head, body);
    }
  }

  /** The server had closed a kept-alive connection: nothing of an answer came. */
  private static final class StaleConnection extends IOException {
    StaleConnection(String message) {
      super(message);
    }
  }

  private Response exchange(byte[] head, byte[] body) throws IOException {
    if (socket == null) {
      connect();
    }
    IOException writeFailure = null;
    try {
      out.write(head);
      if (body != null) {
        out.write(body);
      }
      out.flush();
    } catch (IOException e) {
      // The server may answer (413) and close before it has read all of a large body.
      writeFailure = e;
    }
    Response response;
    try {
      response = read();
    } catch (StaleConnection e) {
      if (writeFailure != null) {
        e.addSuppressed(writeFailure);
      }
      throw e;
    }
    return response;
  }

  private Response read() throws IOException {
    String status = line(true);
    int code = Integer.parseInt(status.split(" ", 3)[1]);
    long length = -1;
    boolean chunked = false;
    boolean close = false;
    for (String header = line(false); !header.isEmpty(); header = line(false)) {
      int colon = header.indexOf(':');
      String name = header.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      String value = header.substring(colon + 1).strip();
      switch (name) {
        case "content-length" -> length = Long.parseLong(value);
        case "transfer-encoding" -> chunked = value.equalsIgnoreCase("chunked");
        case "connection" -> close = value.equalsIgnoreCase("close");
        default -> {}
      }
    }
    byte[] body;
    if (code == 204 || code == 304) {
      body = new byte[0];
    } else if (chunked) {
      body = chunks();
    } else if (length >= 0) {
      body = in.readNBytes((int) length);
      if (body.length != length) {
        throw new EOFException("the connection closed in the middle of the body");
      }
    } else {
      body = in.readAllBytes();
      close = true;
    }
    if (close) {
      close();
    }
    return new Response(code, body);
  }

  private byte[] chunks() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String size = line(false);
      int semicolon = size.indexOf(';');
      int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).strip(), 16);
      if (n == 0) {
        while (!line(false).isEmpty()) {
          // trailers
        }
        return body.toByteArray();
      }
      body.write(in.readNBytes(n));
      line(false);
    }
  }

  private String line(boolean first) throws IOException {
    StringBuilder line = new StringBuilder();
    while (true) {
      int c = in.read();
      if (c < 0) {
        if (first && line.isEmpty()) {
          throw new StaleConnection("the server closed the connection without an answer");
        }
        throw new EOFException("the connection closed in the middle of the answer");
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

  private byte[] head(String method, String target, String authorization, byte[] body) {
    StringBuilder head =
        new StringBuilder(256)
            .append(method)
            .append(' ')
            .append(target)
            .append(" HTTP/1.1\r\nHost: 127.0.0.1:")
            .append(port)
            .append("\r\n");
    if (authorization != null) {
      head.append("Authorization: ").append(authorization).append("\r\n");
    }
    if (body != null) {
      head.append("Content-Type: application/json\r\nContent-Length: ")
          .append(body.length)
          .append("\r\n");
    } else if (!method.equals("GET")) {
      head.append("Content-Length: 0\r\n");
    }
    return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  private void connect() throws IOException {
    socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.connect(new InetSocketAddress("127.0.0.1", port), timeoutMillis);
    socket.setSoTimeout(timeoutMillis);
    in = new BufferedInputStream(socket.getInputStream(), 1 << 14);
    out = new BufferedOutputStream(socket.getOutputStream(), 1 << 14);
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing anyway
      }
      socket = null;
    }
  }
}
