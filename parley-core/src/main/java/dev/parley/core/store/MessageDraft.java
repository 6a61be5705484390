package dev.parley.core.store;

import dev.parley.core.model.MessageKind;
import java.time.Instant;

/** A message before it has its seq. {@code clientMsgId} is null for system messages. */
public record MessageDraft(
    String id,
    String threadId,
    String senderId,
    MessageKind kind,
    String body,
    String clientMsgId,
    Instant createdAt) {}
