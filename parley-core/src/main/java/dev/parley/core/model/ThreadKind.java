package dev.parley.core.model;

/** A thread is a conversation of exactly two users, or a titled group with an owner. */
public enum ThreadKind {
  DIRECT,
  GROUP;

  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
