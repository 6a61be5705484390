package dev.parley.core.store;

import java.time.Instant;

/**
 * The system message that a membership or title change writes into its thread: its id, the user who
 * caused it, and when.
 */
public record SystemNote(String messageId, String actorId, Instant at) {}
