package dev.parley.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DelayLadderTest {
  private final DelayLadder ladder = new DelayLadder(Duration.ofMillis(250), Duration.ofSeconds(2));

  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }

  @Test
  void bucketsDoubleFromTheShortestUpToTheLongest() {
    assertThat(ladder.buckets()).containsExactly(ms(250), ms(500), ms(1000), ms(2000));
    assertThat(DelayLadder.defaults().buckets())
        .hasSize(12)
        .startsWith(ms(250))
        .endsWith(ms(512_000));
    assertThat(DelayLadder.single(ms(20)).buckets()).containsExactly(ms(20));
  }

  @Test
  void aHopIsTheLargestBucketThatDoesNotOvershoot() {
    assertThat(ladder.hop(ms(1000))).isEqualTo(ms(1000));
    assertThat(ladder.hop(ms(1999))).isEqualTo(ms(1000));
    assertThat(ladder.hop(ms(60_000))).isEqualTo(ms(2000));
  }

  @Test
  void lessThanTheShortestWaitsTheShortest() {
    assertThat(ladder.hop(ms(1))).isEqualTo(ms(250));
    assertThat(ladder.hop(Duration.ZERO)).isEqualTo(ms(250));
  }

  @Test
  void aPolicyDelayTakesFewHops() {
    Duration left = Duration.ofSeconds(7);
    int hops = 0;
    while (left.isPositive()) {
      left = left.minus(DelayLadder.defaults().hop(left));
      hops++;
    }
    assertThat(hops).isEqualTo(3); // 4 s + 2 s + 1 s
    assertThat(left).isZero();
  }

  @Test
  void refusesNonsense() {
    assertThatThrownBy(() -> new DelayLadder(Duration.ZERO, ms(10)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DelayLadder(ms(10), ms(5)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DelayLadder(ms(1), Duration.ofDays(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
