package app.mcpproxy.telemetry.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BlockedValueMatcherTest {

  private static final List<String> VALUES =
      List.of("Alice-MBP.local", "alice", "ghp_Secret123", "db01", "x9", "7425", "Zed_Host");

  /** The scanner's filter: a byte of the first-byte class right before one of the second. */
  private static boolean pairFilter(BlockedValueMatcher matcher, byte[] in, int from, int to) {
    byte[] classes = matcher.pairClasses();
    for (int i = from; i + 1 < to; i++) {
      if ((classes[in[i] & 0xFF] & BlockedValueMatcher.PAIR_FIRST) != 0
          && (classes[in[i + 1] & 0xFF] & BlockedValueMatcher.PAIR_SECOND) != 0) {
        return true;
      }
    }
    return false;
  }

  @Test
  void pairClassesNeverMissAMatchOfFindAscii() {
    BlockedValueMatcher matcher = new BlockedValueMatcher(BlockedValues.of(VALUES));
    Random random = new Random(11);
    String noise = "abcdeghilmoprstxzABCDEGHILMPSZ0123456789 -_./:{}@";
    int matches = 0;
    int filtered = 0;
    for (int round = 0; round < 50_000; round++) {
      StringBuilder s = new StringBuilder();
      int parts = 1 + random.nextInt(4);
      for (int p = 0; p < parts; p++) {
        if (random.nextBoolean()) {
          String value = VALUES.get(random.nextInt(VALUES.size()));
          // A blocked value, whole or cut, in mixed case.
          String piece = value.substring(0, 1 + random.nextInt(value.length()));
          for (char c : piece.toCharArray()) {
            s.append(random.nextBoolean() ? Character.toUpperCase(c) : Character.toLowerCase(c));
          }
        } else {
          for (int k = random.nextInt(6); k > 0; k--) {
            s.append(noise.charAt(random.nextInt(noise.length())));
          }
        }
      }
      if (s.length() == 0) {
        continue;
      }
      byte[] in = ("\"" + s + "\"").getBytes(StandardCharsets.US_ASCII);
      int to = in.length - 1;
      boolean filter = pairFilter(matcher, in, 1, to);
      int entry = matcher.findAscii(in, 1, to);
      if (entry >= 0) {
        matches++;
        assertThat(filter).as(s.toString()).isTrue();
      }
      filtered += filter ? 0 : 1;
    }
    // Both outcomes occur often enough for the property to mean something.
    assertThat(matches).isGreaterThan(2_000);
    assertThat(filtered).isGreaterThan(2_000);
  }

  @Test
  void pairClassesIgnoreCaseAndOnlyFlagTheValuesBytes() {
    BlockedValueMatcher matcher = new BlockedValueMatcher(BlockedValues.of(List.of("alice")));
    byte[] classes = matcher.pairClasses();
    assertThat(classes['a']).isEqualTo((byte) BlockedValueMatcher.PAIR_FIRST);
    assertThat(classes['A']).isEqualTo((byte) BlockedValueMatcher.PAIR_FIRST);
    assertThat(classes['l']).isEqualTo((byte) BlockedValueMatcher.PAIR_SECOND);
    assertThat(classes['L']).isEqualTo((byte) BlockedValueMatcher.PAIR_SECOND);
    for (int b = 0; b < 256; b++) {
      if ("aAlL".indexOf(b) < 0) {
        assertThat(classes[b]).as("byte %d", b).isZero();
      }
    }
  }
}
