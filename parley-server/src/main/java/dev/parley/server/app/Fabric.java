package dev.parley.server.app;

import dev.parley.core.port.ConnectedUsers;
import dev.parley.core.port.PresenceStore;
import dev.parley.core.realtime.ChannelBus;
import dev.parley.core.realtime.ConnectionListener;
import dev.parley.core.realtime.Delivery;
import dev.parley.core.realtime.PushNotification;
import dev.parley.core.realtime.PushService;

/**
 * What nodes share to be realtime together: the channel bus, presence, and who has a socket open.
 * In memory for one node, Redis for a cluster.
 */
public interface Fabric extends AutoCloseable {
  ChannelBus bus(PushNotification<Delivery> push);

  PresenceStore presence();

  /** Whether a user has a socket open on any node; {@code local} knows this node's. */
  ConnectedUsers connectedUsers(PushService local);

  ConnectionListener connectionListener();

  boolean isReady();

  @Override
  void close();
}
