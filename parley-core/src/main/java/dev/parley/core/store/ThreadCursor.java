package dev.parley.core.store;

import java.time.Instant;

/** A position in a member's thread list, which is ordered by (updatedAt, id) descending. */
public record ThreadCursor(Instant updatedAt, String threadId) {}
