package app.mcpproxy.telemetry.privacy;

import java.nio.charset.StandardCharsets;

/**
 * Decodes bytes that are not valid JSON as far as they can be: UTF-8 with replacement characters,
 * and every JSON escape sequence decoded wherever it stands. Only used to search malformed input
 * for blocked prefixes, so a broken document cannot hide a path behind escapes.
 */
final class LenientText {
  private LenientText() {}

  static char[] decode(byte[] in) {
    String raw = new String(in, StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(raw.length());
    int n = raw.length();
    for (int i = 0; i < n; i++) {
      char c = raw.charAt(i);
      if (c != '\\' || i + 1 >= n) {
        out.append(c);
        continue;
      }
      char next = raw.charAt(i + 1);
      int unit = next == 'u' ? hex4(raw, i + 2) : -1;
      if (unit >= 0) {
        out.append((char) unit);
        i += 5;
      } else if (next == '\\' || next == '/' || next == '"') {
        out.append(next);
        i++;
      } else {
        out.append(c);
      }
    }
    char[] chars = new char[out.length()];
    out.getChars(0, chars.length, chars, 0);
    return chars;
  }

  private static int hex4(String s, int at) {
    if (at + 4 > s.length()) {
      return -1;
    }
    int value = 0;
    for (int k = 0; k < 4; k++) {
      int digit = StringBytes.hexDigit(s.charAt(at + k));
      if (digit < 0) {
        return -1;
      }
      value = (value << 4) | digit;
    }
    return value;
  }
}
