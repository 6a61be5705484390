package dev.parley.core.model;

import java.time.Instant;

/** A registered notification target of a user: a webhook URL or a push token. */
public record Device(
    String id, String userId, Platform platform, String token, Instant createdAt) {}
