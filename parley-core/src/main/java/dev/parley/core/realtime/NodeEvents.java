package dev.parley.core.realtime;

/**
 * What one node tells the others besides events for connections: today, that a session was revoked,
 * so that every node drops it from its token cache at once.
 */
public interface NodeEvents {
  NodeEvents NONE = sessionId -> {};

  void sessionRevoked(String sessionId);
}
