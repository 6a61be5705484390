package dev.parley.redis;

import dev.parley.core.realtime.Control;
import dev.parley.core.realtime.Delivery;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A {@link Delivery} as bytes on a Redis channel: a version byte, the control's kind, then the
 * optional strings, then the frame as-is (its JSON is never parsed or re-encoded).
 *
 * <pre>
 * version:u8 control:u8 flags:u8 [controlId:str] [exceptConnectionId:str] [frame: rest]
 * str = length:u16 + UTF-8 bytes; flags bit 0 = has except id, bit 1 = has frame
 * </pre>
 */
public final class DeliveryCodec {

  static final byte VERSION = 1;

  private static final byte NO_CONTROL = 0;
  private static final byte SUBSCRIBE = 1;
  private static final byte UNSUBSCRIBE = 2;
  private static final byte CLOSE_SESSION = 3;

  private static final int HAS_EXCEPT = 1;
  private static final int HAS_FRAME = 2;

  private DeliveryCodec() {}

  public static byte[] encode(Delivery delivery) {
    byte[] controlId = controlId(delivery.control());
    if (delivery.control() != null && controlId == null) {
      throw new IllegalArgumentException("a control needs its id: " + delivery.control());
    }
    byte[] except = utf8(delivery.exceptConnectionId());
    byte[] frame = delivery.frame();
    int size = 3 + stringSize(controlId) + stringSize(except) + (frame == null ? 0 : frame.length);
    ByteBuffer out = ByteBuffer.allocate(size);
    out.put(VERSION);
    out.put(controlKind(delivery.control()));
    out.put((byte) ((except == null ? 0 : HAS_EXCEPT) | (frame == null ? 0 : HAS_FRAME)));
    putString(out, controlId);
    putString(out, except);
    if (frame != null) {
      out.put(frame);
    }
    return out.array();
  }

  /**
   * @throws IllegalArgumentException if the bytes are not an encoded delivery of this version
   */
  public static Delivery decode(byte[] bytes) {
    try {
      ByteBuffer in = ByteBuffer.wrap(bytes);
      byte version = in.get();
      if (version != VERSION) {
        throw new IllegalArgumentException("unknown delivery version " + version);
      }
      byte kind = in.get();
      byte flags = in.get();
      Control control = kind == NO_CONTROL ? null : control(kind, getString(in));
      String except = (flags & HAS_EXCEPT) != 0 ? getString(in) : null;
      byte[] frame = null;
      if ((flags & HAS_FRAME) != 0) {
        frame = new byte[in.remaining()];
        in.get(frame);
      } else if (in.hasRemaining()) {
        throw new IllegalArgumentException("trailing bytes after a delivery without frame");
      }
      return new Delivery(frame, except, control);
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("truncated delivery", e);
    }
  }

  private static byte controlKind(Control control) {
    return switch (control) {
      case null -> NO_CONTROL;
      case Control.Subscribe s -> SUBSCRIBE;
      case Control.Unsubscribe u -> UNSUBSCRIBE;
      case Control.CloseSession c -> CLOSE_SESSION;
    };
  }

  private static byte[] controlId(Control control) {
    return switch (control) {
      case null -> null;
      case Control.Subscribe s -> utf8(s.threadId());
      case Control.Unsubscribe u -> utf8(u.threadId());
      case Control.CloseSession c -> utf8(c.sessionId());
    };
  }

  private static Control control(byte kind, String id) {
    return switch (kind) {
      case SUBSCRIBE -> new Control.Subscribe(id);
      case UNSUBSCRIBE -> new Control.Unsubscribe(id);
      case CLOSE_SESSION -> new Control.CloseSession(id);
      default -> throw new IllegalArgumentException("unknown control kind " + kind);
    };
  }

  private static byte[] utf8(String s) {
    if (s == null) {
      return null;
    }
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > 0xFFFF) {
      throw new IllegalArgumentException("id longer than 65535 bytes");
    }
    return bytes;
  }

  private static int stringSize(byte[] s) {
    return s == null ? 0 : 2 + s.length;
  }

  private static void putString(ByteBuffer out, byte[] s) {
    if (s != null) {
      out.putShort((short) s.length);
      out.put(s);
    }
  }

  private static String getString(ByteBuffer in) {
    int length = Short.toUnsignedInt(in.getShort());
    byte[] bytes = new byte[length];
    in.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
