package dev.parley.core.port;

/**
 * Tells whether a user has an open WebSocket anywhere, so that it needs no offline notification.
 */
@FunctionalInterface
public interface ConnectedUsers {
  boolean isConnected(String userId);
}
