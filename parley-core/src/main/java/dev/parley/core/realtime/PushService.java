package dev.parley.core.realtime;

import dev.parley.core.port.ConnectedUsers;
import dev.parley.core.presence.PresenceService;
import dev.parley.core.store.ThreadStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Holds this node's WebSocket connections and writes channel deliveries to them. A connection is
 * subscribed to its user's channel and to the channel of each of its threads while it is open.
 */
public final class PushService implements PushNotification<Delivery>, ConnectedUsers {

  private record Link(Connection connection, Set<String> channels) {}

  private final Map<String, Link> links = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> perUser = new ConcurrentHashMap<>();

  /** The subscriber id under which a node itself listens to node-wide channels. */
  static final String NODE = "node";

  private final ThreadStore threads;
  private final PresenceService presence;
  private final ConnectionListener listener;
  private ChannelBus bus;
  private NodeEvents nodeEvents = NodeEvents.NONE;

  public PushService(ThreadStore threads, PresenceService presence, ConnectionListener listener) {
    this.threads = threads;
    this.presence = presence;
    this.listener = listener;
  }

  /** Set once at wiring: the bus delivers to this service, which subscribes on the bus. */
  public void attach(ChannelBus bus) {
    this.bus = bus;
  }

  /** Subscribes this node to the node-wide channel; its events go to {@code events}. */
  public void listen(NodeEvents events) {
    this.nodeEvents = events;
    bus.subscribe(Channels.NODES, NODE);
  }

  /** Registers a new connection and subscribes it; returns the number of its user's connections. */
  public int open(Connection connection) {
    Link link = new Link(connection, ConcurrentHashMap.newKeySet());
    links.put(connection.id(), link);
    int count =
        perUser.computeIfAbsent(connection.userId(), u -> new AtomicInteger()).incrementAndGet();
    listener.opened(connection.userId());
    presence.heartbeat(connection.userId());
    subscribe(link, Channels.user(connection.userId()));
    for (String threadId : threads.threadIdsOf(connection.userId())) {
      subscribe(link, Channels.thread(threadId));
    }
    return count;
  }

  /** Unsubscribes a closed connection; the user's last one persists its last-seen time. */
  public void closed(Connection connection) {
    Link link = links.remove(connection.id());
    if (link == null) {
      return;
    }
    for (String channel : link.channels()) {
      bus.unsubscribe(channel, connection.id());
    }
    listener.closed(connection.userId());
    AtomicInteger count = perUser.get(connection.userId());
    if (count != null && count.decrementAndGet() <= 0) {
      perUser.remove(connection.userId(), count);
      presence.lastConnectionClosed(connection.userId());
    }
  }

  /** Counts the activity of a connection as a presence heartbeat. */
  public void activity(Connection connection) {
    presence.heartbeat(connection.userId());
  }

  @Override
  public void notify(String connectionId, Delivery delivery) {
    if (NODE.equals(connectionId)) {
      if (delivery.control() instanceof Control.CloseSession c) {
        nodeEvents.sessionRevoked(c.sessionId());
      }
      return;
    }
    Link link = links.get(connectionId);
    if (link == null) {
      return;
    }
    if (delivery.control() != null && !apply(link, delivery.control())) {
      return;
    }
    if (delivery.frame() != null && !connectionId.equals(delivery.exceptConnectionId())) {
      link.connection().send(delivery.frame());
    }
  }

  /** Applies a control; false when the connection is gone because of it. */
  private boolean apply(Link link, Control control) {
    switch (control) {
      case Control.Subscribe s -> subscribe(link, Channels.thread(s.threadId()));
      case Control.Unsubscribe u -> unsubscribe(link, Channels.thread(u.threadId()));
      case Control.CloseSession c -> {
        if (c.sessionId().equals(link.connection().sessionId())) {
          link.connection().close(CloseCodes.POLICY, "session revoked");
          return false;
        }
      }
    }
    return true;
  }

  private void subscribe(Link link, String channel) {
    if (link.channels().add(channel)) {
      bus.subscribe(channel, link.connection().id());
    }
  }

  private void unsubscribe(Link link, String channel) {
    if (link.channels().remove(channel)) {
      bus.unsubscribe(channel, link.connection().id());
    }
  }

  /** How many connections of the user this node holds. */
  public int connectionsOf(String userId) {
    AtomicInteger count = perUser.get(userId);
    return count == null ? 0 : count.get();
  }

  @Override
  public boolean isConnected(String userId) {
    AtomicInteger count = perUser.get(userId);
    return count != null && count.get() > 0;
  }

  /** Whether the connection is currently subscribed to the thread's channel. */
  public boolean isSubscribed(String connectionId, String threadId) {
    Link link = links.get(connectionId);
    return link != null && link.channels().contains(Channels.thread(threadId));
  }

  public int connectionCount() {
    return links.size();
  }

  /** Closes every connection, e.g. with 1001 when the server goes away. */
  public void closeAll(int code, String reason) {
    List<Link> all = new ArrayList<>(links.values());
    for (Link link : all) {
      link.connection().close(code, reason);
    }
  }
}
