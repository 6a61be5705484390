package dev.parley.core.model;

import java.time.Instant;

/**
 * The facts of a thread shared by all its members. {@code participantHash} finds the direct thread
 * of a pair; it is not the key, messages reference the stable {@code id}.
 */
public record ChatThread(
    String id,
    ThreadKind kind,
    String title,
    String ownerId,
    String participantHash,
    Instant createdAt,
    Instant updatedAt,
    long lastSeq) {

  public boolean isGroup() {
    return kind == ThreadKind.GROUP;
  }
}
