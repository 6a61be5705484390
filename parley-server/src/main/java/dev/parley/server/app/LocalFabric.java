package dev.parley.server.app;

import dev.parley.core.port.ConnectedUsers;
import dev.parley.core.port.PresenceStore;
import dev.parley.core.presence.InMemoryPresenceStore;
import dev.parley.core.realtime.ChannelBus;
import dev.parley.core.realtime.ConnectionListener;
import dev.parley.core.realtime.Delivery;
import dev.parley.core.realtime.LocalChannelBus;
import dev.parley.core.realtime.PushNotification;
import dev.parley.core.realtime.PushService;

/** One node's realtime state, in memory: the default, and only right for a single node. */
public final class LocalFabric implements Fabric {
  private final InMemoryPresenceStore presence = new InMemoryPresenceStore();

  @Override
  public ChannelBus bus(PushNotification<Delivery> push) {
    return new LocalChannelBus(push);
  }

  @Override
  public PresenceStore presence() {
    return presence;
  }

  @Override
  public ConnectedUsers connectedUsers(PushService local) {
    return local;
  }

  @Override
  public ConnectionListener connectionListener() {
    return ConnectionListener.NONE;
  }

  @Override
  public boolean isReady() {
    return true;
  }

  @Override
  public void close() {}
}
