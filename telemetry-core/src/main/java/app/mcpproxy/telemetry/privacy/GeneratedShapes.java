package app.mcpproxy.telemetry.privacy;

/**
 * The shapes of string values the heartbeat generates itself: a UUID ({@code 8-4-4-4-12}
 * hexadecimal digits, either case) such as the anonymous id, and an RFC 3339 timestamp in UTC to
 * the second ({@code 2026-11-24T15:31:48Z}). Their groups of digits are random or dates, so a short
 * blocked value (a host named {@code cafe}, say) may equal one of them by chance; in a value of
 * exactly such a shape only a blocked value equal to the whole of it counts.
 */
final class GeneratedShapes {
  private static final int UUID_LENGTH = 36;
  private static final String TIMESTAMP = "0000-00-00T00:00:00Z";

  private GeneratedShapes() {}

  /** Tells whether {@code in[from, to)}, a string's raw bytes, is exactly of a generated shape. */
  static boolean isGenerated(byte[] in, int from, int to) {
    int length = to - from;
    if (length != UUID_LENGTH && length != TIMESTAMP.length()) {
      return false;
    }
    for (int k = 0; k < length; k++) {
      if (!fits(length, k, in[from + k])) {
        return false;
      }
    }
    return true;
  }

  /** Tells whether the first {@code length} characters of decoded text are of a generated shape. */
  static boolean isGenerated(char[] text, int length) {
    if (length != UUID_LENGTH && length != TIMESTAMP.length()) {
      return false;
    }
    for (int k = 0; k < length; k++) {
      if (!fits(length, k, text[k])) {
        return false;
      }
    }
    return true;
  }

  private static boolean fits(int length, int k, int c) {
    if (length == UUID_LENGTH) {
      return (k == 8 || k == 13 || k == 18 || k == 23) ? c == '-' : StringBytes.hexDigit(c) >= 0;
    }
    char expected = TIMESTAMP.charAt(k);
    return expected == '0' ? c >= '0' && c <= '9' : c == expected;
  }
}
