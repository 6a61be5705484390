package dev.parley.bench;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "connections", mixinStandardHelpOptions = true)
final class ConnectionsScenario implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UnsupportedOperationException("not yet");
  }
}
