package dev.parley.core.store;

import dev.parley.core.model.ChatThread;
import dev.parley.core.model.Message;
import java.util.List;

/**
 * What a membership or title change did: the thread after it, the users it affected (added or
 * removed), and the system message it wrote (null when nothing changed).
 */
public record ThreadChange(ChatThread thread, List<String> affectedUserIds, Message systemMessage) {

  public boolean changed() {
    return systemMessage != null;
  }
}
