package dev.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class MeasureTest {

  @Test
  void readsTheIntendedTimeFromABody() {
    String event =
        "{\"type\":\"message\",\"message\":{\"id\":\"x\",\"seq\":3,\"body\":\"b123456:xxxx\"}}";
    assertThat(WsLoad.bodyTime(event)).isEqualTo(123456L);
    assertThat(WsLoad.bodyTime("{\"type\":\"message\",\"message\":{\"body\":\"hello\"}}"))
        .isEqualTo(-1L);
  }

  @Test
  void heapSlopeIsTheLeastSquaresSlopeOfTheLastHalf() {
    List<Map<String, Object>> series = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      // first half flat, second half grows by 1 MiB every 6 s = 10 MiB/min
      long heap = (i < 5 ? 100 : 100 + (i - 5)) * 1024L * 1024L;
      series.add(Map.of("t_s", i * 6.0, "heap_after_gc_bytes", heap));
    }
    assertThat(SoakScenario.heapSlopeKibPerMinute(series)).isCloseTo(10 * 1024.0, within());
  }

  @Test
  void plotsAPercentileDistribution() {
    Histogram h = new Histogram(3);
    for (int i = 1; i <= 1000; i++) {
      h.recordValue(i * 10);
    }
    String svg = Report.svg("test", Map.of("a", h));
    assertThat(svg).startsWith("<svg").contains("<polyline").contains("99.9%");
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1.0);
  }
}
