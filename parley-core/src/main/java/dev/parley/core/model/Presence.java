package dev.parley.core.model;

import java.time.Instant;

/** Whether a user is online, derived from its last heartbeat when asked. */
public record Presence(String userId, boolean online, Instant lastSeenAt) {}
