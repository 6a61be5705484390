package dev.parley.server.config;

import static dev.parley.server.config.Checks.require;

/**
 * Abuse limits. Sends are a token bucket per user (rate per second, burst); logins are counted per
 * client address and per username, per minute; WebSocket connections per user and node; a slow
 * connection's outbound queue is bounded in bytes and in frames.
 */
public record Limits(
    int maxGroupMembers,
    double sendsPerSecond,
    int sendBurst,
    int loginsPerMinutePerIp,
    int loginsPerMinutePerUsername,
    int connectionsPerUser,
    int outboundQueueBytes,
    int outboundQueueFrames) {

  public Limits {
    require(maxGroupMembers >= 2, "max-group-members must be at least 2");
    require(sendsPerSecond > 0, "send-rate must be positive");
    require(sendBurst >= 1, "send-burst must be at least 1");
    require(loginsPerMinutePerIp >= 1, "login-rate-ip must be at least 1");
    require(loginsPerMinutePerUsername >= 1, "login-rate-username must be at least 1");
    require(connectionsPerUser >= 1, "max-connections-per-user must be at least 1");
    require(outboundQueueBytes >= 4096, "ws-queue-bytes must be at least 4096");
    require(outboundQueueFrames >= 1, "ws-queue-frames must be at least 1");
  }

  public static Limits defaults() {
    return new Limits(10_000, 20, 60, 30, 10, 16, 1 << 20, 1024);
  }
}
