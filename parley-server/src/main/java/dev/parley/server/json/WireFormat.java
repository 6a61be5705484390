package dev.parley.server.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import dev.parley.core.model.Device;
import dev.parley.core.model.Member;
import dev.parley.core.model.Message;
import dev.parley.core.model.Presence;
import dev.parley.core.model.ThreadSummary;
import dev.parley.core.model.User;
import java.util.List;

/** The model as API.md spells it: snake_case, ids as strings, RFC 3339 UTC with milliseconds. */
public final class WireFormat {
  private WireFormat() {}

  public static ObjectNode user(User user) {
    ObjectNode node = Json.object();
    node.put("id", user.id());
    node.put("username", user.username());
    node.put("display_name", user.displayName());
    node.put("created_at", UtcTime.format(user.createdAt()));
    return node;
  }

  /** A message, to be set into a tree; it is written field by field (see WireMessage). */
  public static JsonNode message(Message m) {
    return new POJONode(new WireMessage(m));
  }

  public static ObjectNode thread(ThreadSummary s) {
    ObjectNode node = Json.object();
    node.put("id", s.thread().id());
    node.put("kind", s.thread().kind().wire());
    node.put("title", s.thread().title());
    node.put("owner_id", s.thread().ownerId());
    ArrayNode participants = node.putArray("participant_ids");
    s.participantIds().forEach(participants::add);
    node.put("created_at", UtcTime.format(s.thread().createdAt()));
    node.put("updated_at", UtcTime.format(s.thread().updatedAt()));
    node.put("last_seq", s.thread().lastSeq());
    if (s.lastMessage() == null) {
      node.putNull("last_message");
    } else {
      node.set("last_message", message(s.lastMessage()));
    }
    node.put("unread_count", s.unreadCount());
    node.put("last_read_seq", s.self().lastReadSeq());
    node.put("muted", s.self().muted());
    node.put("nickname", s.self().nickname());
    return node;
  }

  /** {@code [{user_id, last_read_seq}...]}: the members' read pointers (an extension). */
  public static ArrayNode memberReads(List<Member> members) {
    ArrayNode reads = JsonNodeFactory.instance.arrayNode();
    for (Member m : members) {
      ObjectNode node = reads.addObject();
      node.put("user_id", m.userId());
      node.put("last_read_seq", m.lastReadSeq());
    }
    return reads;
  }

  public static ObjectNode device(Device d) {
    ObjectNode node = Json.object();
    node.put("id", d.id());
    node.put("platform", d.platform().wire());
    node.put("created_at", UtcTime.format(d.createdAt()));
    return node;
  }

  public static ObjectNode presence(Presence p) {
    ObjectNode node = Json.object();
    node.put("user_id", p.userId());
    node.put("online", p.online());
    node.put("last_seen_at", UtcTime.format(p.lastSeenAt()));
    return node;
  }

  /** Wraps one value in an object: {@code {"user": {...}}}. */
  public static ObjectNode wrap(String name, JsonNode value) {
    ObjectNode node = Json.object();
    node.set(name, value);
    return node;
  }
}
