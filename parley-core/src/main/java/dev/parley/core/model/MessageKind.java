package dev.parley.core.model;

/** User text, or a line the server writes into the thread (member added, title changed...). */
public enum MessageKind {
  TEXT,
  SYSTEM;

  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
