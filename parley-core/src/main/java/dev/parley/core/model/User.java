package dev.parley.core.model;

import java.time.Instant;

/** A registered account as clients see it; the password hash never leaves the store. */
public record User(
    String id, String username, String displayName, Instant createdAt, Instant lastSeenAt) {}
