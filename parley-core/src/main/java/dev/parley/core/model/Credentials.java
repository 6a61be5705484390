package dev.parley.core.model;

/** A user with its password hash, read only to check a login. */
public record Credentials(User user, String passwordHash) {}
