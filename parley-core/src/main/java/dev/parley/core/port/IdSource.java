package dev.parley.core.port;

/** Makes unique ids. Injected so that tests are deterministic. */
@FunctionalInterface
public interface IdSource {
  String next();
}
