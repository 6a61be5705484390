package dev.parley.core.realtime;

/** An instruction to the connections that receive a delivery, applied before its frame. */
public sealed interface Control {

  /** Subscribe the receiving connection to a thread's channel (it was added to the thread). */
  record Subscribe(String threadId) implements Control {}

  /** Unsubscribe the receiving connection from a thread's channel (it left or was removed). */
  record Unsubscribe(String threadId) implements Control {}

  /** Close the receiving connections that belong to a revoked session. */
  record CloseSession(String sessionId) implements Control {}
}
