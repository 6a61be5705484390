package dev.parley.core.store;

/** The result of an idempotent create: the value, and whether this call created it. */
public record Created<T>(T value, boolean created) {}
