package dev.parley.store;

/** The exclusive upper bound of the strings that start with a prefix, in code point order. */
final class PrefixRange {
  private PrefixRange() {}

  /**
   * The smallest string greater than every string starting with {@code prefix}: its last code point
   * incremented (dropping trailing maximal code points); null when there is none (the empty prefix,
   * or only maximal code points), meaning "no upper bound".
   */
  static String successor(String prefix) {
    int[] points = prefix.codePoints().toArray();
    for (int i = points.length - 1; i >= 0; i--) {
      int next = nextCodePoint(points[i]);
      if (next >= 0) {
        return new String(points, 0, i) + Character.toString(next);
      }
    }
    return null;
  }

  /** The next valid code point, skipping surrogates (they cannot be encoded in UTF-8). */
  private static int nextCodePoint(int point) {
    int next = point + 1;
    if (next >= Character.MIN_SURROGATE && next <= Character.MAX_SURROGATE) {
      next = Character.MAX_SURROGATE + 1;
    }
    return next > Character.MAX_CODE_POINT ? -1 : next;
  }
}
