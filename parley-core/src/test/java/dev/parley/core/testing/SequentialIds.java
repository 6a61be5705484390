package dev.parley.core.testing;

import dev.parley.core.port.IdSource;
import java.util.concurrent.atomic.AtomicLong;

/** Ids "p-000001", "p-000002"... that sort in creation order, for deterministic tests. */
public final class SequentialIds implements IdSource {
  private final String prefix;
  private final AtomicLong next = new AtomicLong();

  public SequentialIds(String prefix) {
    this.prefix = prefix;
  }

  @Override
  public String next() {
    return "%s-%06d".formatted(prefix, next.incrementAndGet());
  }
}
