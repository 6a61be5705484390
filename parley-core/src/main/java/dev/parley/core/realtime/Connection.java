package dev.parley.core.realtime;

/** One open WebSocket of a user's session, as the Push service sees it. */
public interface Connection {
  String id();

  String userId();

  String sessionId();

  /** Queues a text frame; never blocks. A connection that cannot keep up closes itself. */
  void send(byte[] frame);

  void close(int code, String reason);
}
