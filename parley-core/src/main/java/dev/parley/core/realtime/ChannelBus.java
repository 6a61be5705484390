package dev.parley.core.realtime;

/**
 * The channel port, carrying deliveries; subscribers are connection ids of this node. In-process by
 * default ({@link ChannelService}); in a cluster, publications travel between nodes. At most once:
 * a lost delivery costs latency, never data.
 */
public interface ChannelBus extends PubSub<Delivery> {}
