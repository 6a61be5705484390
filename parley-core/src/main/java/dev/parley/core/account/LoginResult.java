package dev.parley.core.account;

import dev.parley.core.model.User;

/** A new session: the bearer token (shown once, never stored) and the device it names. */
public record LoginResult(String token, User user, String deviceId) {}
