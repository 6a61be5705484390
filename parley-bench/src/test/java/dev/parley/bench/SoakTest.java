package dev.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Issue 6, point 7: the soak scenario for 60 seconds at a moderate mixed load against a real node
 * process. Fails on any error, lost or unacknowledged message, or a post-GC heap that keeps growing
 * over the last half of the run.
 */
class SoakTest {

  @Test
  void sixtySecondsOfMixedLoadWithoutErrorsOrGrowingHeap() {
    SoakScenario soak = new SoakScenario();
    int code =
        new CommandLine(soak)
            .execute(
                "--duration=60s",
                "--sample=4s",
                "--rate=60",
                "--pairs=20",
                "--groups=3",
                "--members=8",
                "--churn-users=20",
                "--churn-rate=2",
                "--history-rate=5",
                "--max-heap-slope-kib-per-min=8192",
                "--server-heap=256m",
                "--out=" + Path.of("target", "soak-test"));
    Map<String, Object> r = soak.result;
    assertThat(r).as("soak result").isNotNull();
    assertThat(r.get("errors")).as("errors, first: %s", r.get("error_samples")).isEqualTo(0L);
    assertThat(r.get("unacknowledged")).isEqualTo(0L);
    assertThat(r.get("lost_direct")).isEqualTo(0L);
    assertThat(r.get("lost_group")).isEqualTo(0L);
    assertThat((double) r.get("heap_slope_last_half_kib_per_min"))
        .as("post-GC heap slope over the last half (KiB/min), series %s", r.get("series"))
        .isLessThanOrEqualTo(8192.0);
    assertThat(code).isZero();
  }
}
