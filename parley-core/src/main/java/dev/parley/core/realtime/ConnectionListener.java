package dev.parley.core.realtime;

/**
 * Told of every connection a node opens and closes, e.g. to keep a cluster-wide record of who has
 * an open WebSocket. Calls are balanced: one {@code closed} per {@code opened}.
 */
public interface ConnectionListener {
  ConnectionListener NONE =
      new ConnectionListener() {
        @Override
        public void opened(String userId) {}

        @Override
        public void closed(String userId) {}
      };

  void opened(String userId);

  void closed(String userId);
}
