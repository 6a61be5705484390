package dev.parley.core.realtime;

/**
 * What a channel carries: an encoded frame (or null), the one connection that must not get it (it
 * gets an ack instead), and an optional control.
 */
public record Delivery(byte[] frame, String exceptConnectionId, Control control) {

  public static Delivery frame(byte[] frame) {
    return new Delivery(frame, null, null);
  }

  public static Delivery frameExcept(byte[] frame, String exceptConnectionId) {
    return new Delivery(frame, exceptConnectionId, null);
  }

  public static Delivery control(Control control, byte[] frame) {
    return new Delivery(frame, null, control);
  }
}
