package dev.parley.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.realtime.Control;
import dev.parley.core.realtime.Delivery;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DeliveryCodecTest {

  // Not valid UTF-8 on purpose: the frame must come back byte for byte, never through a String.
  private static final byte[] FRAME = {'{', (byte) 0xC3, (byte) 0x28, 0, (byte) 0xFF, '}'};

  static Stream<Delivery> deliveries() {
    return Stream.of(
        Delivery.frame(FRAME),
        Delivery.frame(new byte[0]),
        Delivery.frameExcept(FRAME, "conn-é-1"),
        Delivery.control(new Control.Subscribe("t-1"), FRAME),
        Delivery.control(new Control.Unsubscribe("t-2"), FRAME),
        Delivery.control(new Control.CloseSession("s-3"), null),
        new Delivery(null, null, null),
        new Delivery(FRAME, "c", new Control.Subscribe("")));
  }

  @ParameterizedTest
  @MethodSource("deliveries")
  void roundTrips(Delivery delivery) {
    Delivery back = DeliveryCodec.decode(DeliveryCodec.encode(delivery));
    assertThat(back.frame()).isEqualTo(delivery.frame());
    assertThat(back.exceptConnectionId()).isEqualTo(delivery.exceptConnectionId());
    assertThat(back.control()).isEqualTo(delivery.control());
  }

  @Test
  void costsThreeBytesPlusItsParts() {
    assertThat(DeliveryCodec.encode(Delivery.frame(FRAME))).hasSize(3 + FRAME.length);
    assertThat(DeliveryCodec.encode(Delivery.frameExcept(FRAME, "abc")))
        .hasSize(3 + 2 + 3 + FRAME.length);
  }

  @Test
  void refusesWhatItDidNotWrite() {
    byte[] good = DeliveryCodec.encode(Delivery.frameExcept(FRAME, "abc"));
    byte[] otherVersion = good.clone();
    otherVersion[0] = 9;
    assertThatThrownBy(() -> DeliveryCodec.decode(otherVersion))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("version");
    assertThatThrownBy(() -> DeliveryCodec.decode(Arrays.copyOf(good, 5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("truncated");
    assertThatThrownBy(() -> DeliveryCodec.decode(new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
    byte[] unknownControl =
        DeliveryCodec.encode(Delivery.control(new Control.Subscribe("t"), null));
    unknownControl[1] = 7;
    assertThatThrownBy(() -> DeliveryCodec.decode(unknownControl))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("control");
  }
}
