package dev.parley.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.push.testing.Samples;
import org.junit.jupiter.api.Test;

class PushTextTest {

  private static int length(String s) {
    return s.codePointCount(0, s.length());
  }

  @Test
  void aDirectMessageIsTitledWithTheSenderAndShowsThePreview() {
    assertThat(PushText.of(Samples.direct("are we on?")))
        .isEqualTo(new PushText("Bob", "are we on?"));
  }

  @Test
  void aGroupMessageIsTitledWithTheGroupAndNamesTheSender() {
    assertThat(PushText.of(Samples.group("lunch?"))).isEqualTo(new PushText("Team", "Bob: lunch?"));
  }

  @Test
  void aShortBodyIsKeptOnOneLine() {
    assertThat(PushText.preview("  hello\n\n  there\tyou ", 100)).isEqualTo("hello there you");
    assertThat(PushText.preview("", 100)).isEmpty();
  }

  @Test
  void aBodyOfExactlyTheLimitIsKeptWhole() {
    String hundred = "x".repeat(100);
    assertThat(PushText.preview(hundred, 100)).isEqualTo(hundred);
  }

  @Test
  void aLongerBodyIsCutTo100CharactersWithAnEllipsis() {
    String preview = PushText.preview("y".repeat(101), 100);

    assertThat(preview).isEqualTo("y".repeat(99) + "\u2026");
    assertThat(length(preview)).isEqualTo(100);
  }

  @Test
  void theCutNeverSplitsASurrogatePair() {
    // 98 letters, then emoji outside the BMP (two chars each): code point 99 is the first emoji.
    String body = "a".repeat(98) + "\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00";

    String preview = PushText.preview(body, 100);

    assertThat(preview).isEqualTo("a".repeat(98) + "\uD83D\uDE00\u2026");
    assertThat(length(preview)).isEqualTo(100);
    assertThat(preview.chars().filter(c -> Character.isSurrogate((char) c)).count() % 2).isZero();
  }

  @Test
  void theCutKeepsAnEmojiWithItsModifiersOrDropsItWhole() {
    // A family emoji: man ZWJ woman ZWJ girl, five code points that show as one.
    String family = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67";
    String body = "a".repeat(96) + family + " and more";

    String preview = PushText.preview(body, 100);

    assertThat(preview).isEqualTo("a".repeat(96) + "\u2026");
  }

  @Test
  void theCutDoesNotSeparateAnAccentFromItsLetter() {
    String body = "a".repeat(98) + "e\u0301" + "tc";

    assertThat(PushText.preview(body, 100)).isEqualTo("a".repeat(98) + "\u2026");
  }

  @Test
  void trailingSpaceBeforeTheEllipsisIsDropped() {
    assertThat(PushText.preview("a".repeat(98) + " bcd", 100)).isEqualTo("a".repeat(98) + "\u2026");
  }

  @Test
  void aGroupPreviewIsCutBeforeTheSenderIsPrefixed() {
    PushText text = PushText.of(Samples.group("z".repeat(300)));

    assertThat(text.body()).isEqualTo("Bob: " + "z".repeat(99) + "\u2026");
  }

  @Test
  void theLimitMustLeaveRoomForTheEllipsis() {
    assertThatThrownBy(() -> PushText.preview("abc", 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
