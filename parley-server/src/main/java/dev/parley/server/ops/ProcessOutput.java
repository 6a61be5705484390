package dev.parley.server.ops;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The output of a child process (the tests' and the bench's nodes and client workers), copied line
 * by line to a log file, each line flushed so that a failed run can be read, and shown to whoever
 * waits for a line of it.
 */
public final class ProcessOutput {
  private ProcessOutput() {}

  /** Copies until the process closes its output; runs on the caller's thread. */
  public static void copy(Process process, Path log, Consumer<String> eachLine) throws IOException {
    try (BufferedReader in =
            new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        var out = Files.newBufferedWriter(log)) {
      String line;
      while ((line = in.readLine()) != null) {
        out.write(line);
        out.newLine();
        out.flush();
        eachLine.accept(line);
      }
    }
  }
}
