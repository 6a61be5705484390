package dev.parley.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * The outputs of one run under {@code bench-results/<timestamp>-<scenario>/}: result.json, a table
 * on stdout (also saved as summary.txt), latency.svg (percentile distribution, log x axis) and the
 * raw histograms (.hgrm).
 */
final class Report {
  private final Path dir;
  private final Map<String, Object> json = new LinkedHashMap<>();
  private final List<String> table = new ArrayList<>();
  private final Map<String, Histogram> series = new LinkedHashMap<>();

  Report(Path root, String scenario) throws IOException {
    String stamp =
        DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC)
            .format(Instant.now());
    this.dir = root.resolve(stamp + "-" + scenario);
    Files.createDirectories(dir);
    json.put("scenario", scenario);
    json.put("started_at", Instant.now().toString());
    json.put("machine", Machine.describe());
  }

  Path dir() {
    return dir;
  }

  Map<String, Object> json() {
    return json;
  }

  void put(String key, Object value) {
    json.put(key, value);
  }

  void line(String text) {
    table.add(text);
  }

  /** Adds a latency histogram (microseconds) under a name, to the JSON, table and plot. */
  Map<String, Object> latency(String name, Histogram h) throws IOException {
    series.put(name, h);
    Map<String, Object> m = summary(h);
    try (var out = new java.io.PrintStream(dir.resolve(name + ".hgrm").toFile(), "UTF-8")) {
      h.outputPercentileDistribution(out, 5, 1000.0);
    }
    return m;
  }

  static Map<String, Object> summary(Histogram h) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("count", h.getTotalCount());
    m.put("p50_ms", ms(h.getValueAtPercentile(50)));
    m.put("p90_ms", ms(h.getValueAtPercentile(90)));
    m.put("p99_ms", ms(h.getValueAtPercentile(99)));
    m.put("p99_9_ms", ms(h.getValueAtPercentile(99.9)));
    m.put("max_ms", ms(h.getMaxValue()));
    m.put("mean_ms", Math.round(h.getMean()) / 1000.0);
    return m;
  }

  static String latencyRow(String name, Histogram h) {
    return String.format(
        Locale.ROOT,
        "%-28s %10d %9.2f %9.2f %9.2f %9.2f %9.2f",
        name,
        h.getTotalCount(),
        ms(h.getValueAtPercentile(50)),
        ms(h.getValueAtPercentile(90)),
        ms(h.getValueAtPercentile(99)),
        ms(h.getValueAtPercentile(99.9)),
        ms(h.getMaxValue()));
  }

  static String latencyHeader() {
    return String.format(
        Locale.ROOT,
        "%-28s %10s %9s %9s %9s %9s %9s",
        "latency (ms)",
        "count",
        "p50",
        "p90",
        "p99",
        "p99.9",
        "max");
  }

  static double ms(long micros) {
    return Math.round(micros / 10.0) / 100.0;
  }

  /** Writes result.json, summary.txt and latency.svg, prints the table; returns the directory. */
  Path finish() throws IOException {
    json.put("finished_at", Instant.now().toString());
    new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(dir.resolve("result.json").toFile(), json);
    String text = String.join("\n", table) + "\n";
    Files.writeString(dir.resolve("summary.txt"), text, StandardCharsets.UTF_8);
    System.out.println();
    System.out.print(text);
    if (!series.isEmpty()) {
      Files.writeString(
          dir.resolve("latency.svg"), svg(String.valueOf(json.get("scenario")), series));
    }
    System.out.println("results in " + dir.toAbsolutePath());
    return dir;
  }

  private static final String[] COLORS = {
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"
  };

  /** HdrHistogram's percentile distribution plot: x = 1/(1-p) on a log axis, y = latency. */
  static String svg(String title, Map<String, Histogram> series) {
    int w = 900;
    int h = 520;
    int left = 70;
    int right = 20;
    int top = 40;
    int bottom = 60;
    double maxX = 6; // up to 99.9999%
    double maxY = 0;
    for (Histogram hist : series.values()) {
      maxY = Math.max(maxY, hist.getMaxValue() / 1000.0);
    }
    maxY = niceCeil(Math.max(maxY, 0.01));
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " font-family=\"sans-serif\" font-size=\"12\">%n",
            w,
            h));
    s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    s.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"22\" font-size=\"15\">%s: latency by percentile</text>%n",
            left,
            escape(title)));
    double pw = w - left - right;
    double ph = h - top - bottom;
    String[] xLabels = {"0%", "90%", "99%", "99.9%", "99.99%", "99.999%", "99.9999%"};
    for (int i = 0; i <= 6; i++) {
      double x = left + pw * i / maxX;
      s.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                  + "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>%n",
              x,
              top,
              x,
              top + ph,
              x,
              top + ph + 18,
              xLabels[i]));
    }
    for (int i = 0; i <= 5; i++) {
      double y = top + ph - ph * i / 5;
      s.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                  + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
              left,
              y,
              left + pw,
              y,
              left - 6,
              y + 4,
              trim(maxY * i / 5)));
    }
    s.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">percentile (log scale of"
                + " 1/(1-p))</text>%n",
            left + pw / 2,
            h - 15));
    s.append(
        String.format(
            Locale.ROOT,
            "<text x=\"15\" y=\"%.1f\" transform=\"rotate(-90 15 %.1f)\""
                + " text-anchor=\"middle\">latency (ms)</text>%n",
            top + ph / 2,
            top + ph / 2));
    int k = 0;
    for (Map.Entry<String, Histogram> e : series.entrySet()) {
      String color = COLORS[k % COLORS.length];
      StringBuilder points = new StringBuilder();
      if (e.getValue().getTotalCount() > 0) {
        for (HistogramIterationValue v : e.getValue().percentiles(5)) {
          double p = v.getPercentileLevelIteratedTo() / 100.0;
          double lx = p >= 1 ? maxX : Math.min(maxX, Math.log10(1 / (1 - p)));
          double x = left + pw * lx / maxX;
          double y = top + ph - ph * Math.min(1, (v.getValueIteratedTo() / 1000.0) / maxY);
          points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        }
      }
      s.append(
          String.format(
              Locale.ROOT,
              "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n",
              color,
              points.toString().trim()));
      s.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                  + "<text x=\"%d\" y=\"%d\">%s (p99 %s ms, max %s ms)</text>%n",
              left + 10,
              top + 8 + 18 * k,
              color,
              left + 28,
              top + 18 + 18 * k,
              escape(e.getKey()),
              trim(e.getValue().getValueAtPercentile(99) / 1000.0),
              trim(e.getValue().getMaxValue() / 1000.0)));
      k++;
    }
    s.append("</svg>\n");
    return s.toString();
  }

  private static double niceCeil(double v) {
    double exp = Math.pow(10, Math.floor(Math.log10(v)));
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * exp >= v) {
        return m * exp;
      }
    }
    return 10 * exp;
  }

  private static String trim(double v) {
    return v >= 100
        ? String.format(Locale.ROOT, "%.0f", v)
        : v >= 1 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.2f", v);
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
