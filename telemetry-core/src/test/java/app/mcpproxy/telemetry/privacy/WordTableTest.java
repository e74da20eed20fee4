package app.mcpproxy.telemetry.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WordTableTest {

  private static final List<String> WORDS = List.copyOf(PayloadVocabulary.words());
  private static final WordTable TABLE = new WordTable(WORDS);

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** What quotedEnd must answer whenever it answers at all: the word, then a quote, at from. */
  private static boolean naiveQuotedAt(String word, byte[] in, int from) {
    byte[] expected = ascii(word + "\"");
    if (from + expected.length > in.length) {
      return false;
    }
    for (int k = 0; k < expected.length; k++) {
      if (in[from + k] != expected[k]) {
        return false;
      }
    }
    return true;
  }

  @Test
  void findsEveryWordByItsIndexAndNoNearMiss() {
    for (String word : WORDS) {
      int index = TABLE.indexOf(word);
      assertThat(index).as(word).isBetween(0, TABLE.size() - 1);
      byte[] in = ascii("\"" + word + "\"");
      assertThat(TABLE.indexOf(in, 1, word.length())).as(word).isEqualTo(index);
      List<String> nearMisses = new ArrayList<>(List.of(word + "x", "x" + word, word + "!"));
      if (!word.isEmpty()) {
        nearMisses.add(word.substring(1));
      }
      for (String nearMiss : nearMisses) {
        if (!WORDS.contains(nearMiss)) {
          assertThat(TABLE.indexOf(nearMiss)).as(nearMiss).isEqualTo(-1);
        }
      }
    }
  }

  @Test
  void quotedEndMatchesOnlyTheWordAndItsQuote() {
    Random random = new Random(7);
    String alphabet = "\"abcdefghijklmnopqrstuvwxyz_0123456789-+:{} ";
    for (int round = 0; round < 20_000; round++) {
      String word = WORDS.get(random.nextInt(WORDS.size()));
      int index = TABLE.indexOf(word);
      StringBuilder text = new StringBuilder();
      int before = random.nextInt(10);
      for (int k = 0; k < before; k++) {
        text.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      int from = text.length();
      // The word itself, a word cut short or grown, or one with a byte changed, then maybe a quote.
      String candidate =
          switch (random.nextInt(4)) {
            case 0 -> word;
            case 1 -> word.substring(0, random.nextInt(word.length() + 1));
            case 2 -> word + alphabet.charAt(random.nextInt(alphabet.length()));
            default -> {
              if (word.isEmpty()) {
                yield "x";
              }
              char[] chars = word.toCharArray();
              chars[random.nextInt(chars.length)] =
                  alphabet.charAt(random.nextInt(alphabet.length()));
              yield new String(chars);
            }
          };
      text.append(candidate);
      if (random.nextInt(4) > 0) {
        text.append('"');
      }
      int after = random.nextInt(40);
      for (int k = 0; k < after; k++) {
        text.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      byte[] in = ascii(text.toString());
      int end = TABLE.quotedEnd(index, in, from);
      boolean expected = naiveQuotedAt(word, in, from);
      if (end >= 0) {
        assertThat(expected).as("%s in %s", word, text).isTrue();
        assertThat(end).isEqualTo(from + word.length() + 1);
      } else if (from + Math.max(8, word.length() + 1) <= in.length) {
        // With enough bytes left it must not decline to answer.
        assertThat(expected).as("%s in %s", word, text).isFalse();
      }
    }
  }

  @Test
  void quotedEndAnswersRightUpToTheLastByte() {
    for (String word : WORDS) {
      byte[] in = ascii("\"" + word + "\"");
      int end = TABLE.quotedEnd(TABLE.indexOf(word), in, 1);
      assertThat(end).as(word).isIn(-1, in.length);
      byte[] padded = ascii("\"" + word + "\"" + " ".repeat(8));
      assertThat(TABLE.quotedEnd(TABLE.indexOf(word), padded, 1))
          .as(word)
          .isEqualTo(word.length() + 2);
      if (!word.isEmpty()) {
        assertThat(TABLE.quotedEnd(TABLE.indexOf(word), padded, 0)).as(word).isEqualTo(-1);
      }
    }
  }
}
