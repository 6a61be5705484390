package dev.parley.core.model;

/** User text, or a line the server writes into the thread (member added, title changed...). */
public enum MessageKind {
  TEXT,
  SYSTEM;

  // Computed once: the wire name is written for every row read and every event sent.
  private final String wire = name().toLowerCase(java.util.Locale.ROOT);

  public String wire() {
    return wire;
  }

  /** The message kind of a wire (and stored) name. */
  public static MessageKind fromWire(String wire) {
    return WireNames.find(values(), MessageKind::wire, wire)
        .orElseThrow(() -> new IllegalArgumentException("unknown message kind: " + wire));
  }
}
