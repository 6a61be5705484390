package dev.parley.core.model;

import java.time.Instant;

/** A stored message: the record of truth. {@code seq} numbers a thread's messages 1, 2, 3... */
public record Message(
    String id,
    String threadId,
    long seq,
    String senderId,
    MessageKind kind,
    String body,
    String clientMsgId,
    Instant createdAt) {}
