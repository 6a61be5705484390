package dev.parley.server.config;

import static dev.parley.server.config.Checks.require;

/**
 * Abuse limits. Sends are a token bucket per user (rate per second, burst); logins are counted per
 * client address and per username, per minute; WebSocket connections per user and node; a slow
 * connection's outbound queue is bounded in bytes and in frames; a WebSocket message and a REST
 * body are bounded in bytes.
 */
public record Limits(
    int maxGroupMembers,
    double sendsPerSecond,
    int sendBurst,
    int loginsPerMinutePerIp,
    int loginsPerMinutePerUsername,
    int connectionsPerUser,
    int outboundQueueBytes,
    int outboundQueueFrames,
    int maxFrameBytes,
    int maxBodyBytes) {

  public static final int DEFAULT_FRAME_BYTES = 64 * 1024;

  /** Large enough for a 10,000-member group's id list; message bodies are checked by the core. */
  public static final int DEFAULT_BODY_BYTES = 1 << 20;

  /** A 16,384-byte message body, escaped in JSON, must still fit a frame and a body. */
  private static final int SMALLEST_ENVELOPE = 20_000;

  private static final int LARGEST_ENVELOPE = 64 << 20;

  public Limits {
    require(maxGroupMembers >= 2, "max-group-members must be at least 2");
    require(sendsPerSecond > 0, "send-rate must be positive");
    require(sendBurst >= 1, "send-burst must be at least 1");
    require(loginsPerMinutePerIp >= 1, "login-rate-ip must be at least 1");
    require(loginsPerMinutePerUsername >= 1, "login-rate-username must be at least 1");
    require(connectionsPerUser >= 1, "max-connections-per-user must be at least 1");
    require(outboundQueueBytes >= 4096, "ws-queue-bytes must be at least 4096");
    require(outboundQueueFrames >= 1, "ws-queue-frames must be at least 1");
    require(
        maxFrameBytes >= SMALLEST_ENVELOPE && maxFrameBytes <= LARGEST_ENVELOPE,
        "max-frame-bytes must be 20000 to 67108864");
    require(
        maxBodyBytes >= SMALLEST_ENVELOPE && maxBodyBytes <= LARGEST_ENVELOPE,
        "max-body-bytes must be 20000 to 67108864");
  }

  /** The limits with the default frame and body sizes. */
  public Limits(
      int maxGroupMembers,
      double sendsPerSecond,
      int sendBurst,
      int loginsPerMinutePerIp,
      int loginsPerMinutePerUsername,
      int connectionsPerUser,
      int outboundQueueBytes,
      int outboundQueueFrames) {
    this(
        maxGroupMembers,
        sendsPerSecond,
        sendBurst,
        loginsPerMinutePerIp,
        loginsPerMinutePerUsername,
        connectionsPerUser,
        outboundQueueBytes,
        outboundQueueFrames,
        DEFAULT_FRAME_BYTES,
        DEFAULT_BODY_BYTES);
  }

  public static Limits defaults() {
    return new Limits(10_000, 20, 60, 30, 10, 16, 1 << 20, 1024);
  }
}
