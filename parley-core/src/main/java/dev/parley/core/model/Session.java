package dev.parley.core.model;

import java.time.Instant;

/**
 * One logged-in device. Identified by the SHA-256 hash of its bearer token: the token itself is
 * never stored.
 */
public record Session(
    String tokenHash,
    String userId,
    String deviceId,
    String deviceName,
    Instant createdAt,
    Instant lastUsedAt,
    Instant revokedAt) {

  public boolean revoked() {
    return revokedAt != null;
  }
}
