package dev.parley.core.account;

/** The authenticated user of a request or connection, and the session it came through. */
public record Caller(String userId, String sessionId, String deviceId) {}
