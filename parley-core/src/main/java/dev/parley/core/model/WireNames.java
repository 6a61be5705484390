package dev.parley.core.model;

import java.util.Optional;
import java.util.function.Function;

/** The constant of an enum whose wire (and stored) name is the given one, for the model's enums. */
final class WireNames {
  private WireNames() {}

  static <E extends Enum<E>> Optional<E> find(E[] values, Function<E, String> wire, String name) {
    for (E value : values) {
      if (wire.apply(value).equals(name)) {
        return Optional.of(value);
      }
    }
    return Optional.empty();
  }
}
