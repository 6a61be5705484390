package dev.parley.core.thread;

import dev.parley.core.account.TokenHash;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Identifies the direct thread of a pair: the same for (a, b) and (b, a). */
final class ParticipantHash {
  private ParticipantHash() {}

  static String of(String a, String b) {
    return TokenHash.of(Stream.of(a, b).sorted().collect(Collectors.joining("\n")));
  }
}
