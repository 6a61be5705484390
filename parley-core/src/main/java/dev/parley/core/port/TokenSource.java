package dev.parley.core.port;

/** Makes bearer tokens: unguessable strings of at least 256 random bits. */
@FunctionalInterface
public interface TokenSource {
  String next();
}
