package app.mcpproxy.telemetry.privacy;

/**
 * Classes of the bytes inside a JSON string, for a table-driven scan: class 0 bytes are ordinary
 * and skipped in a tight loop; the others need a closer look.
 */
final class StringBytes {
  static final byte QUOTE = 1;
  static final byte BACKSLASH = 2;
  static final byte CONTROL = 4;
  static final byte NON_ASCII = 8;
  // The two below are flags that may combine; the classes above never combine.
  static final byte SLASH = 16;
  static final byte CANDIDATE = 32;

  /** Classes of key bytes; string values add {@link #CANDIDATE} for blocked values. */
  static final byte[] KEY_CLASSES = keyClasses();

  private StringBytes() {}

  private static byte[] keyClasses() {
    byte[] classes = new byte[256];
    for (int b = 0; b < 0x20; b++) {
      classes[b] = CONTROL;
    }
    for (int b = 0x80; b < 0x100; b++) {
      classes[b] = NON_ASCII;
    }
    classes['"'] = QUOTE;
    classes['\\'] = BACKSLASH;
    classes['/'] = SLASH;
    return classes;
  }

  /**
   * Validates one UTF-8 sequence (RFC 3629: no overlong forms, no surrogates, nothing above
   * U+10FFFF) starting at a byte of 0x80 or more.
   *
   * @return the index after the sequence, or -1 when it is invalid or cut off
   */
  static int utf8End(byte[] in, int at) {
    int lead = in[at] & 0xFF;
    int n = in.length;
    if (lead >= 0xC2 && lead <= 0xDF) {
      return at + 1 < n && isContinuation(in[at + 1]) ? at + 2 : -1;
    }
    if (lead >= 0xE0 && lead <= 0xEF) {
      if (at + 2 >= n) {
        return -1;
      }
      int second = in[at + 1] & 0xFF;
      int low = lead == 0xE0 ? 0xA0 : 0x80;
      int high = lead == 0xED ? 0x9F : 0xBF;
      return second >= low && second <= high && isContinuation(in[at + 2]) ? at + 3 : -1;
    }
    if (lead >= 0xF0 && lead <= 0xF4) {
      if (at + 3 >= n) {
        return -1;
      }
      int second = in[at + 1] & 0xFF;
      int low = lead == 0xF0 ? 0x90 : 0x80;
      int high = lead == 0xF4 ? 0x8F : 0xBF;
      return second >= low
              && second <= high
              && isContinuation(in[at + 2])
              && isContinuation(in[at + 3])
          ? at + 4
          : -1;
    }
    return -1;
  }

  private static boolean isContinuation(byte b) {
    return (b & 0xC0) == 0x80;
  }

  /** Decodes a sequence {@link #utf8End} accepted. */
  static int codePoint(byte[] in, int at, int end) {
    int lead = in[at] & 0xFF;
    switch (end - at) {
      case 2:
        return ((lead & 0x1F) << 6) | (in[at + 1] & 0x3F);
      case 3:
        return ((lead & 0x0F) << 12) | ((in[at + 1] & 0x3F) << 6) | (in[at + 2] & 0x3F);
      default:
        return ((lead & 0x07) << 18)
            | ((in[at + 1] & 0x3F) << 12)
            | ((in[at + 2] & 0x3F) << 6)
            | (in[at + 3] & 0x3F);
    }
  }

  private static final long ONES = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;
  private static final long QUOTES = ONES * '"';
  private static final long BACKSLASHES = ONES * '\\';
  private static final long SLASHES = ONES * '/';
  private static final long SPACES = ONES * ' ';

  /**
   * Flags, in eight little-endian bytes of a key, those that are not class 0 of {@link
   * #KEY_CLASSES}: the high bit of each such byte is set. Only the lowest flag is exact (a borrow
   * may flag a byte above a real one), which is all a scan needs.
   */
  static long specialBytes(long word) {
    long quote = word ^ QUOTES;
    long backslash = word ^ BACKSLASHES;
    long slash = word ^ SLASHES;
    long zero =
        ((quote - ONES) & ~quote) | ((backslash - ONES) & ~backslash) | ((slash - ONES) & ~slash);
    long control = (word - SPACES) & ~word;
    return (zero | control | word) & HIGH_BITS;
  }

  /** Returns the value of an ASCII hexadecimal digit, or -1. */
  static int hexDigit(int c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    int lower = c | 0x20;
    return lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
  }
}
