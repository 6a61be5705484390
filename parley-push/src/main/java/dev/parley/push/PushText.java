package dev.parley.push;

import dev.parley.core.notify.Notification;
import java.text.BreakIterator;
import java.util.Locale;

/**
 * What a phone shows for a notification. A direct message: the sender's display name as the title,
 * the preview as the body. A group message: the group's title as the title, {@code "Sender:
 * preview"} as the body.
 *
 * @param title the sender's display name, or the group's title
 * @param body the preview of the message, prefixed by the sender's name in a group
 */
public record PushText(String title, String body) {

  /** The most characters (code points) of a message that a notification shows. */
  public static final int PREVIEW_LENGTH = 100;

  private static final String ELLIPSIS = "\u2026";

  public static PushText of(Notification n) {
    String preview = preview(n.message().body(), PREVIEW_LENGTH);
    if (n.thread().isGroup()) {
      String title = n.thread().title() == null ? n.senderName() : n.thread().title();
      return new PushText(title, n.senderName() + ": " + preview);
    }
    return new PushText(n.senderName(), preview);
  }

  /**
   * The body as one line (runs of white space become one space) of at most {@code max} code points.
   * A longer text is cut at a character boundary (never inside a surrogate pair, nor between an
   * emoji and its modifiers) and ends with an ellipsis, which counts in {@code max}.
   */
  public static String preview(String body, int max) {
    if (max < 2) {
      throw new IllegalArgumentException("max must be at least 2: " + max);
    }
    String line = body == null ? "" : body.strip().replaceAll("\\s+", " ");
    if (line.codePointCount(0, line.length()) <= max) {
      return line;
    }
    int limit = line.offsetByCodePoints(0, max - 1);
    BreakIterator characters = BreakIterator.getCharacterInstance(Locale.ROOT);
    characters.setText(line);
    int cut = characters.isBoundary(limit) ? limit : characters.preceding(limit);
    if (cut <= 0) {
      cut = limit;
    }
    return line.substring(0, cut).stripTrailing() + ELLIPSIS;
  }
}
