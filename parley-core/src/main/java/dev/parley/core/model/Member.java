package dev.parley.core.model;

import java.time.Instant;

/**
 * A user's membership in a thread with its own settings. The member sees messages with {@code seq
 * >= joinedSeq}; {@code lastReadSeq} only moves forward.
 */
public record Member(
    String threadId,
    String userId,
    Role role,
    Instant joinedAt,
    long joinedSeq,
    long lastReadSeq,
    boolean muted,
    String nickname) {}
