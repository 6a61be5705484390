package dev.parley.bench;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "soak", mixinStandardHelpOptions = true)
final class SoakScenario implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UnsupportedOperationException("not yet");
  }
}
