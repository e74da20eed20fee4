package app.mcpproxy.telemetry.privacy;

/**
 * Per-character case folding as {@link String#regionMatches(boolean, int, String, int, int)} uses
 * it: two characters match ignoring case exactly when their folded forms are equal. Folding keeps
 * the length in {@code char}s, so positions in folded and original text agree.
 */
final class CaseFolding {
  private CaseFolding() {}

  static char fold(char c) {
    if (c < 0x80) {
      return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }
    return Character.toLowerCase(Character.toUpperCase(c));
  }

  static String fold(String s) {
    char[] chars = s.toCharArray();
    for (int i = 0; i < chars.length; i++) {
      chars[i] = fold(chars[i]);
    }
    return new String(chars);
  }

  static boolean isAsciiLetterOrDigit(int b) {
    return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9');
  }
}
