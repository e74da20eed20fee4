package app.mcpproxy.telemetry.privacy;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds blocked values in strings at token boundaries, ignoring case.
 *
 * <p>A value shorter than {@value #WHOLE_ONLY_BELOW} characters, or one that is a {@link
 * CommonWords common word}, is matched only as a whole string ({@link #matchWholeOnly}): inside
 * longer text it would match too much and tell too little.
 *
 * <p>A match must start and end at a token boundary: the character before it and the one after it
 * are not letters or digits, or are the ends of the string. Case is ignored per character as by
 * {@link CaseFolding}. Plain ASCII strings are matched on their bytes with a first-byte filter;
 * anything else is matched on its decoded characters. For values of a {@link GeneratedShapes
 * generated shape} the scan asks for a whole match instead.
 */
final class BlockedValueMatcher {

  /** Values with fewer characters than this match only a whole string. */
  static final int WHOLE_ONLY_BELOW = 3;

  private final List<BlockedValues.Entry> entries;
  private final boolean[] wholeOnly;
  private final boolean anyWholeOnly;
  private final char[][] folded;
  private final byte[][] asciiFolded;
  // Entries matchable on raw ASCII bytes, by the lower-cased first byte.
  private final int[][] asciiByFirstByte = new int[128][];
  // Bit (first << 7 | second) is set when some entry matchable on raw ASCII bytes starts with
  // those two lower-cased bytes: a cheap test that rules out almost every position of a key.
  private final long[] asciiPairs = new long[128 * 128 / 64];
  // Per byte: PAIR_FIRST when it is, lower-cased, the first byte of some entry matchable on raw
  // ASCII bytes, PAIR_SECOND when it is the second byte of one.
  private final byte[] pairClasses = new byte[256];
  private final byte[] valueClasses;

  BlockedValueMatcher(BlockedValues blocked) {
    this.entries = blocked.entries();
    int count = entries.size();
    this.folded = new char[count][];
    this.wholeOnly = new boolean[count];
    this.asciiFolded = new byte[count][];
    this.valueClasses = StringBytes.KEY_CLASSES.clone();
    List<List<Integer>> byFirst = new ArrayList<>(128);
    for (int b = 0; b < 128; b++) {
      byFirst.add(new ArrayList<>());
    }
    for (int e = 0; e < count; e++) {
      String text = entries.get(e).value();
      char[] value = text.toCharArray();
      folded[e] = value;
      wholeOnly[e] =
          text.codePointCount(0, text.length()) < WHOLE_ONLY_BELOW || CommonWords.contains(text);
      if (!wholeOnly[e] && isPlainAscii(value)) {
        byte[] bytes = new byte[value.length];
        for (int k = 0; k < value.length; k++) {
          bytes[k] = (byte) value[k];
        }
        asciiFolded[e] = bytes;
        int first = bytes[0];
        byFirst.get(first).add(e);
        int pair = (first << 7) | bytes[1];
        asciiPairs[pair >>> 6] |= 1L << pair;
        for (int b = 0; b < 128; b++) {
          int lower = ASCII_LOWER[b];
          pairClasses[b] |=
              (byte) ((lower == first ? PAIR_FIRST : 0) | (lower == bytes[1] ? PAIR_SECOND : 0));
        }
        valueClasses[first] |= StringBytes.CANDIDATE;
        if (first >= 'a' && first <= 'z') {
          valueClasses[first - ('a' - 'A')] |= StringBytes.CANDIDATE;
        }
      }
    }
    for (int b = 0; b < 128; b++) {
      List<Integer> list = byFirst.get(b);
      if (!list.isEmpty()) {
        asciiByFirstByte[b] = list.stream().mapToInt(Integer::intValue).toArray();
      }
    }
    boolean any = false;
    for (boolean whole : wholeOnly) {
      any |= whole;
    }
    this.anyWholeOnly = any;
  }

  /** ASCII bytes lower-cased; every other byte is 0, which no matchable entry holds. */
  private static final byte[] ASCII_LOWER = new byte[256];

  static {
    for (int b = 0; b < 128; b++) {
      ASCII_LOWER[b] = (byte) (b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b);
    }
  }

  /** Tells whether some value is matched only as a whole string. */
  boolean hasWholeOnly() {
    return anyWholeOnly;
  }

  // Printable ASCII that JSON writes unescaped: such a value can occur in raw string bytes.
  private static boolean isPlainAscii(char[] value) {
    for (char c : value) {
      if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\') {
        return false;
      }
    }
    return true;
  }

  boolean isEmpty() {
    return entries.isEmpty();
  }

  /** The byte classes for string values: the key classes plus candidate first bytes. */
  byte[] valueClasses() {
    return valueClasses;
  }

  String source(int entry) {
    return entries.get(entry).source();
  }

  /**
   * Matches at {@code at} in raw string bytes that are plain ASCII up to there; the caller has
   * checked the boundary before {@code at}.
   *
   * @return the entry, or -1 when none matches or when the character after a match is an escape or
   *     non-ASCII (the string is then matched again on its decoded characters)
   */
  int matchAsciiAt(byte[] in, int at) {
    int first = in[at];
    if (first >= 'A' && first <= 'Z') {
      first += 'a' - 'A';
    }
    int[] candidates = asciiByFirstByte[first];
    if (candidates == null) {
      return -1;
    }
    for (int entry : candidates) {
      byte[] value = asciiFolded[entry];
      int end = at + value.length;
      if (end >= in.length || !regionMatches(in, at, value)) {
        continue;
      }
      int after = in[end];
      if (after == '"'
          || (after >= 0 && after != '\\' && !CaseFolding.isAsciiLetterOrDigit(after))) {
        return entry;
      }
    }
    return -1;
  }

  private static boolean regionMatches(byte[] in, int at, byte[] value) {
    for (int k = 1; k < value.length; k++) {
      int b = in[at + k];
      if (b >= 'A' && b <= 'Z') {
        b += 'a' - 'A';
      }
      if (b != value[k]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Matches the whole of {@code in[from, to)}, raw string bytes that are plain ASCII.
   *
   * @return the entry equal to all of it ignoring case, or -1
   */
  int matchWhole(byte[] in, int from, int to) {
    int length = to - from;
    for (int entry = 0; entry < folded.length; entry++) {
      char[] value = folded[entry];
      if (value.length == length && equalsFolded(in, from, value)) {
        return entry;
      }
    }
    return -1;
  }

  /**
   * Matches the whole of {@code in[from, to)}, raw plain-ASCII string bytes, against the values
   * matched only as a whole string.
   *
   * @return the entry, or -1
   */
  int matchWholeOnly(byte[] in, int from, int to) {
    if (!anyWholeOnly) {
      return -1;
    }
    int length = to - from;
    for (int entry = 0; entry < folded.length; entry++) {
      char[] value = folded[entry];
      if (wholeOnly[entry] && value.length == length && equalsFolded(in, from, value)) {
        return entry;
      }
    }
    return -1;
  }

  /** Like {@link #matchWholeOnly(byte[], int, int)}, for decoded text. */
  int matchWholeOnly(char[] text, int length) {
    if (!anyWholeOnly) {
      return -1;
    }
    for (int entry = 0; entry < folded.length; entry++) {
      char[] value = folded[entry];
      if (wholeOnly[entry] && value.length == length && equalsFolded(text, value)) {
        return entry;
      }
    }
    return -1;
  }

  /** The class of a byte that, lower-cased, starts some entry matchable on raw ASCII bytes. */
  static final int PAIR_FIRST = 1;

  /** The class of a byte that, lower-cased, is the second byte of such an entry. */
  static final int PAIR_SECOND = 2;

  /**
   * Each byte's {@link #PAIR_FIRST} and {@link #PAIR_SECOND} classes: {@link #findAscii} finds
   * nothing in a string where no byte of the first class is followed by one of the second. A
   * coarser test than the pairs {@code findAscii} reads, but one table lookup a byte.
   */
  byte[] pairClasses() {
    return pairClasses;
  }

  /**
   * Finds the leftmost match in raw plain-ASCII string bytes {@code in[from, to)}, where {@code
   * in[to]} is the closing quote.
   *
   * @return the entry, or -1
   */
  int findAscii(byte[] in, int from, int to) {
    long[] pairs = asciiPairs;
    byte[] lower = ASCII_LOWER;
    // A match is at least three bytes long, so its first two bytes must form a known pair; the
    // byte after the last one read is the closing quote, which pairs with nothing.
    int next = lower[in[from] & 0xFF];
    for (int i = from; i < to; i++) {
      int pair = (next << 7) | (next = lower[in[i + 1] & 0xFF]);
      if ((pairs[pair >>> 6] & (1L << pair)) != 0
          && (i == from || !CaseFolding.isAsciiLetterOrDigit(in[i - 1]))) {
        int entry = matchAsciiAt(in, i);
        if (entry >= 0) {
          return entry;
        }
      }
    }
    return -1;
  }

  private static boolean equalsFolded(byte[] in, int from, char[] value) {
    for (int k = 0; k < value.length; k++) {
      if (CaseFolding.fold((char) in[from + k]) != value[k]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Matches the whole of the first {@code length} characters of decoded text.
   *
   * @return the entry equal to all of it ignoring case, or -1
   */
  int matchWhole(char[] text, int length) {
    for (int entry = 0; entry < folded.length; entry++) {
      char[] value = folded[entry];
      if (value.length == length && equalsFolded(text, value)) {
        return entry;
      }
    }
    return -1;
  }

  private static boolean equalsFolded(char[] text, char[] value) {
    for (int k = 0; k < value.length; k++) {
      if (CaseFolding.fold(text[k]) != value[k]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Finds the leftmost match in decoded text; at one position the first entry wins.
   *
   * @return the entry, or -1
   */
  int find(char[] text, int length) {
    for (int i = 0; i < length; i++) {
      if (i > 0 && !isBoundaryBefore(text, i)) {
        continue;
      }
      char first = CaseFolding.fold(text[i]);
      for (int entry = 0; entry < folded.length; entry++) {
        char[] value = folded[entry];
        int end = i + value.length;
        if (!wholeOnly[entry]
            && value[0] == first
            && end <= length
            && regionMatches(text, i, value)
            && (end == length || isBoundaryAfter(text, end, length))) {
          return entry;
        }
      }
    }
    return -1;
  }

  private static boolean regionMatches(char[] text, int at, char[] value) {
    for (int k = 1; k < value.length; k++) {
      if (CaseFolding.fold(text[at + k]) != value[k]) {
        return false;
      }
    }
    return true;
  }

  private static boolean isBoundaryBefore(char[] text, int i) {
    if (Character.isLowSurrogate(text[i]) && Character.isHighSurrogate(text[i - 1])) {
      return false;
    }
    return !Character.isLetterOrDigit(Character.codePointBefore(text, i));
  }

  private static boolean isBoundaryAfter(char[] text, int end, int length) {
    if (Character.isLowSurrogate(text[end]) && Character.isHighSurrogate(text[end - 1])) {
      return false;
    }
    return !Character.isLetterOrDigit(Character.codePointAt(text, end, length));
  }
}
