package dev.parley.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class WireNamesTest {
  @Test
  void kindsReadBackFromTheirWireNames() {
    for (MessageKind kind : MessageKind.values()) {
      assertEquals(kind, MessageKind.fromWire(kind.wire()));
    }
    for (ThreadKind kind : ThreadKind.values()) {
      assertEquals(kind, ThreadKind.fromWire(kind.wire()));
    }
    assertEquals("text", MessageKind.TEXT.wire());
    assertEquals("group", ThreadKind.GROUP.wire());
  }

  @Test
  void anUnknownWireNameIsRefusedByName() {
    var e = assertThrows(IllegalArgumentException.class, () -> MessageKind.fromWire("TEXT"));
    assertEquals("unknown message kind: TEXT", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ThreadKind.fromWire(null));
  }
}
