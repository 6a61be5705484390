package dev.parley.server;

import dev.parley.server.config.ServeCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code parley} command line. */
@Command(
    name = "parley",
    description = "Parley, a self-hostable chat backend.",
    mixinStandardHelpOptions = true,
    version = "Parley 0.1.0",
    subcommands = {ServeCommand.class})
public final class Main {

  public static void main(String[] args) {
    CommandLine cli =
        new CommandLine(new Main())
            .setExecutionExceptionHandler(
                (e, cmd, parsed) -> {
                  cmd.getErr().println("parley: " + e.getMessage());
                  return 1;
                });
    int code = cli.execute(args);
    if (code != 0 || args.length == 0 || !"serve".equals(args[0])) {
      System.exit(code);
    }
  }
}
