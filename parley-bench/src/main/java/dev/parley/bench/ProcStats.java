package dev.parley.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Memory figures of a process: RSS from /proc, heap through jcmd. */
final class ProcStats {
  /**
   * G1 prints one "heap total ..., used NK" line; the serial collector one "DefNew total ..., used
   * NK" and one "Tenured total ..., used NK" line, summed here.
   */
  private static final Pattern HEAP_USED =
      Pattern.compile("(?:heap|DefNew|Tenured)\\s+total.*?used\\s+(\\d+)K");

  private ProcStats() {}

  static long rssBytes(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  static long heapBytes(long pid, boolean gcFirst) {
    String out = gcFirst ? jcmdFile(pid, "GC.run\nGC.heap_info\n") : jcmd(pid, "GC.heap_info");
    return usedBytes(out);
  }

  /** The heap in use according to jcmd's GC.heap_info output, or -1 when it says nothing. */
  static long usedBytes(String heapInfo) {
    Matcher m = HEAP_USED.matcher(heapInfo);
    long usedKib = 0;
    boolean found = false;
    while (m.find()) {
      usedKib += Long.parseLong(m.group(1));
      found = true;
    }
    return found ? usedKib * 1024 : -1;
  }

  /** One jcmd attach running several commands (cheaper than one jcmd JVM each). */
  private static String jcmdFile(long pid, String commands) {
    try {
      Path file = Files.createTempFile("parley-bench-jcmd", ".txt");
      try {
        Files.writeString(file, commands);
        return jcmd(pid, "-f", file.toString());
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      return "";
    }
  }

  private static String jcmd(long pid, String... command) {
    String jcmd =
        ProcessHandle.current()
            .info()
            .command()
            .map(java -> Path.of(java).resolveSibling("jcmd").toString())
            .orElse("jcmd");
    try {
      Process p =
          new ProcessBuilder(
                  java.util.stream.Stream.concat(
                          java.util.stream.Stream.of(jcmd, Long.toString(pid)),
                          java.util.Arrays.stream(command))
                      .toList())
              .redirectErrorStream(true)
              .start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }
}
