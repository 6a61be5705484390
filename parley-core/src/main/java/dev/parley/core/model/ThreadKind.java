package dev.parley.core.model;

/** A thread is a conversation of exactly two users, or a titled group with an owner. */
public enum ThreadKind {
  DIRECT,
  GROUP;

  // Computed once: the wire name is written for every row read and every event sent.
  private final String wire = name().toLowerCase(java.util.Locale.ROOT);

  public String wire() {
    return wire;
  }

  /** The thread kind of a wire (and stored) name. */
  public static ThreadKind fromWire(String wire) {
    return WireNames.find(values(), ThreadKind::wire, wire)
        .orElseThrow(() -> new IllegalArgumentException("unknown thread kind: " + wire));
  }
}
