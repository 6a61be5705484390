package dev.parley.core.model;

import dev.parley.core.error.InvalidRequest;

/** The {@code limit} of a list call: 50 when absent, 1 to 200 otherwise, never clamped. */
public final class PageLimit {
  public static final int DEFAULT = 50;
  public static final int MAX = 200;

  private PageLimit() {}

  public static int of(Integer limit) {
    if (limit == null) {
      return DEFAULT;
    }
    if (limit < 1 || limit > MAX) {
      throw new InvalidRequest("limit must be between 1 and " + MAX);
    }
    return limit;
  }
}
