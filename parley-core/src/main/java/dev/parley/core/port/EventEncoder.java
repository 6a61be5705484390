package dev.parley.core.port;

import dev.parley.core.model.Message;
import dev.parley.core.model.ThreadSummary;

/**
 * Turns realtime events into the bytes of one WebSocket text frame. Each event is encoded once and
 * the same bytes go to every recipient.
 */
public interface EventEncoder {
  byte[] message(Message message);

  byte[] thread(ThreadSummary thread);

  byte[] removed(String threadId);

  byte[] read(String threadId, String userId, long seq);

  byte[] typing(String threadId, String userId);
}
