package dev.parley.bench;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "history", mixinStandardHelpOptions = true)
final class HistoryScenario implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UnsupportedOperationException("not yet");
  }
}
