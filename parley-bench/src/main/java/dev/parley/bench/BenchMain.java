package dev.parley.bench;

import java.util.Arrays;
import picocli.CommandLine;

/**
 * The bench jar's entry point: {@code bench <scenario>}, {@code admin seed}, the connection worker
 * of the {@code connections} scenario; anything else goes to Parley's own command line (so {@code
 * serve} works from this jar too).
 */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    String first = args.length > 0 ? args[0] : "";
    String[] rest = args.length > 0 ? Arrays.copyOfRange(args, 1, args.length) : args;
    switch (first) {
      case "bench" -> System.exit(cli(new BenchCommand()).execute(rest));
      case "admin" -> System.exit(cli(new AdminCommand()).execute(rest));
      case "conn-worker" -> ConnWorker.main(rest);
      default -> dev.parley.server.Main.main(args);
    }
  }

  static CommandLine cli(Object command) {
    return new CommandLine(command)
        .setExecutionExceptionHandler(
            (e, cmd, parsed) -> {
              cmd.getErr().println("parley: " + e);
              e.printStackTrace(cmd.getErr());
              return 1;
            });
  }
}
