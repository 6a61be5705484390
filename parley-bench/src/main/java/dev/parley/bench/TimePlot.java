package dev.parley.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The soak plot: post-GC heap and RSS (MiB) over time, and open connections. */
final class TimePlot {
  private TimePlot() {}

  static String svg(List<Map<String, Object>> series) {
    int w = 900;
    int h = 480;
    int left = 70;
    int right = 70;
    int top = 40;
    int bottom = 50;
    double pw = w - left - right;
    double ph = h - top - bottom;
    double maxT = 1;
    double maxMem = 1;
    double maxConn = 1;
    for (Map<String, Object> s : series) {
      maxT = Math.max(maxT, num(s, "t_s"));
      maxMem = Math.max(maxMem, num(s, "rss_bytes") / 1048576.0);
      maxConn = Math.max(maxConn, num(s, "connections"));
    }
    maxMem *= 1.1;
    maxConn *= 1.1;
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " font-family=\"sans-serif\" font-size=\"12\">%n"
                + "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n"
                + "<text x=\"%d\" y=\"22\" font-size=\"15\">soak: memory and connections over"
                + " time</text>%n",
            w,
            h,
            left));
    for (int i = 0; i <= 5; i++) {
      double y = top + ph - ph * i / 5;
      b.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                  + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.0f MiB</text>"
                  + "<text x=\"%.1f\" y=\"%.1f\">%.0f</text>%n",
              left,
              y,
              left + pw,
              y,
              left - 4,
              y + 4,
              maxMem * i / 5,
              left + pw + 4,
              y + 4,
              maxConn * i / 5));
      double x = left + pw * i / 5;
      b.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%.0f s</text>%n",
              x,
              top + ph + 18,
              maxT * i / 5));
    }
    String[][] lines = {
      {"heap_after_gc_bytes", "#1f77b4", "heap after full GC (MiB)"},
      {"rss_bytes", "#d62728", "RSS (MiB)"},
      {"connections", "#2ca02c", "open connections (right axis)"}
    };
    int k = 0;
    for (String[] l : lines) {
      StringBuilder pts = new StringBuilder();
      for (Map<String, Object> s : series) {
        double x = left + pw * num(s, "t_s") / maxT;
        double v =
            l[0].equals("connections") ? num(s, l[0]) / maxConn : num(s, l[0]) / 1048576.0 / maxMem;
        pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, top + ph - ph * Math.min(1, v)));
      }
      b.append(
          String.format(
              Locale.ROOT,
              "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n"
                  + "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                  + "<text x=\"%d\" y=\"%d\">%s</text>%n",
              l[1],
              pts.toString().trim(),
              left + 10,
              top + 8 + 18 * k,
              l[1],
              left + 28,
              top + 18 + 18 * k,
              l[2]));
      k++;
    }
    b.append("</svg>\n");
    return b.toString();
  }

  private static double num(Map<String, Object> s, String key) {
    Object v = s.get(key);
    return v instanceof Number n ? n.doubleValue() : 0;
  }
}
