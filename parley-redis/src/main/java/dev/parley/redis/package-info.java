/**
 * Cluster adapters on Redis: the channel bus (Pub/Sub), presence heartbeats and connected users
 * (keys that expire), all under one namespace. How a node wires them:
 *
 * <pre>{@code
 * RedisClients redis = RedisClients.connect(redisUrl, namespace); // fails at start if unreachable
 * RedisChannelBus bus = new RedisChannelBus(redis, pushService);  // then pushService.attach(bus)
 * PresenceStore heartbeats = new RedisPresenceStore(redis, onlineTimeout.multipliedBy(2));
 * RedisConnectedUsers connected = new RedisConnectedUsers(redis, nodeId, clock, ofSeconds(30));
 * }</pre>
 *
 * The WebSocket edge calls {@code connected.connected(userId)} after each {@code push.open} and
 * {@code connected.disconnected(userId)} after each {@code push.closed} (it counts by itself), and
 * a timer calls {@code connected.refresh()} every 10 s off the event loop (it waits up to 2 s).
 * {@code MessageFanout} takes {@code connected}, not the PushService, as its ConnectedUsers.
 * Readiness is {@code bus.isConnected()}; at shutdown close the sockets, then {@code redis}.
 * Deliveries reach the PushService on a Redis I/O thread, which must never block.
 */
package dev.parley.redis;
