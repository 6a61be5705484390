package dev.parley.core.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private final RetryPolicy policy =
      new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(10));

  @Test
  void delaysDoubleUpToTheCap() {
    assertThat(policy.delayAfter(1, null)).isEqualTo(Duration.ofSeconds(1));
    assertThat(policy.delayAfter(2, null)).isEqualTo(Duration.ofSeconds(2));
    assertThat(policy.delayAfter(3, null)).isEqualTo(Duration.ofSeconds(4));
    assertThat(policy.delayAfter(4, null)).isEqualTo(Duration.ofSeconds(8));
    assertThat(policy.delayAfter(5, null)).isEqualTo(Duration.ofSeconds(10));
    assertThat(policy.delayAfter(60, null)).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void retryAfterFromTheServerWinsWhenLonger() {
    assertThat(policy.delayAfter(1, Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(30));
    assertThat(policy.delayAfter(3, Duration.ofMillis(10))).isEqualTo(Duration.ofSeconds(4));
  }

  @Test
  void exhaustedAfterMaxAttempts() {
    assertThat(policy.exhausted(4)).isFalse();
    assertThat(policy.exhausted(5)).isTrue();
  }
}
