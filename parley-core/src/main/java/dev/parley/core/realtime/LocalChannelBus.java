package dev.parley.core.realtime;

/**
 * The single-node bus: publications reach this process's subscribers only. A cluster uses a bus
 * that also carries them to the other nodes.
 */
public final class LocalChannelBus implements ChannelBus {
  private final ChannelService<Delivery> channels;

  public LocalChannelBus(PushNotification<Delivery> push) {
    this.channels = new ChannelService<>(push);
  }

  @Override
  public void subscribe(String channel, String subscriberId) {
    channels.subscribe(channel, subscriberId);
  }

  @Override
  public void unsubscribe(String channel, String subscriberId) {
    channels.unsubscribe(channel, subscriberId);
  }

  @Override
  public void publish(String channel, Delivery message) {
    channels.publish(channel, message);
  }

  public int channelCount() {
    return channels.channelCount();
  }
}
