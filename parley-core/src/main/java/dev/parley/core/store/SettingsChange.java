package dev.parley.core.store;

/**
 * A change of a member's own settings. {@code muted} null keeps the old value; the nickname is
 * replaced (null clears it) only when {@code nicknameSet}.
 */
public record SettingsChange(Boolean muted, boolean nicknameSet, String nickname) {}
