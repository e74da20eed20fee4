package app.mcpproxy.telemetry.privacy;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Finds the path prefixes that betray a user: {@code /Users/}, {@code /home/}, {@code /root/},
 * {@code /var/folders/} and a Windows profile {@code X:\Users\} on any drive. Matching ignores
 * ASCII case, because macOS and Windows file systems do.
 *
 * <p>A prefix counts only where a path can start: at the start of the string, or right after white
 * space or one of {@code = : " ' ` ( [ < > , ; |}. Inside a route such as {@code
 * /api/v1/users/{id}} or {@code /ui/home/} the slash follows a letter or digit, so it is a path
 * segment, not the start of a home directory.
 */
final class PathPrefixes {

  /** The prefixes as reported, in the order of the constants below. */
  static final List<String> PREFIXES =
      List.of("/Users/", "/home/", "/root/", "/var/folders/", "C:\\Users\\");

  static final int NONE = -1;
  static final int WINDOWS_PROFILE = 4;

  // The lower-cased part of each POSIX prefix after its leading slash.
  private static final byte[] USERS = ascii("users/");
  private static final byte[] HOME = ascii("home/");
  private static final byte[] ROOT = ascii("root/");
  private static final byte[] VAR_FOLDERS = ascii("var/folders/");

  private PathPrefixes() {}

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Checks for a POSIX prefix starting at a slash in raw, unescaped string bytes.
   *
   * @return the prefix index, or {@link #NONE}
   */
  static int atSlash(byte[] in, int slash) {
    int from = slash + 1;
    // Raw string bytes always have their opening quote, a path start, before the first byte.
    if (from >= in.length || !isPathStart(in[slash - 1])) {
      return NONE;
    }
    switch (in[from] | 0x20) {
      case 'u':
        return tailMatches(in, from, USERS) ? 0 : NONE;
      case 'h':
        return tailMatches(in, from, HOME) ? 1 : NONE;
      case 'r':
        return tailMatches(in, from, ROOT) ? 2 : NONE;
      case 'v':
        return tailMatches(in, from, VAR_FOLDERS) ? 3 : NONE;
      default:
        return NONE;
    }
  }

  /**
   * Tells whether the byte at {@code at}, just after a slash, can continue a POSIX prefix: {@code
   * u}, {@code h}, {@code r} or {@code v} in either case. A cheap filter before {@link #atSlash}.
   */
  static boolean mayFollowSlash(byte[] in, int at) {
    if (at >= in.length) {
      return false;
    }
    int c = in[at] | 0x20;
    return c == 'u' || c == 'h' || c == 'r' || c == 'v';
  }

  /** Tells whether a path may start right after this character. */
  static boolean isPathStart(int c) {
    switch (c) {
      case ' ':
      case '\t':
      case '\n':
      case '\r':
      case '=':
      case ':':
      case '"':
      case '\'':
      case '`':
      case '(':
      case '[':
      case '<':
      case '>':
      case ',':
      case ';':
      case '|':
        return true;
      default:
        return false;
    }
  }

  private static boolean tailMatches(byte[] in, int from, byte[] tail) {
    if (from + tail.length > in.length) {
      return false;
    }
    for (int k = 0; k < tail.length; k++) {
      int expected = tail[k];
      int actual = in[from + k];
      if (expected == '/' ? actual != '/' : (actual | 0x20) != expected) {
        return false;
      }
    }
    return true;
  }

  /**
   * Finds the leftmost prefix in decoded text.
   *
   * @return the prefix index, or {@link #NONE}
   */
  static int find(char[] text, int length) {
    for (int i = 0; i < length; i++) {
      char c = text[i];
      if (c == '/') {
        int found = atSlash(text, length, i);
        if (found != NONE) {
          return found;
        }
      } else if (c == ':' && isWindowsProfile(text, length, i)) {
        return WINDOWS_PROFILE;
      }
    }
    return NONE;
  }

  private static int atSlash(char[] text, int length, int slash) {
    int from = slash + 1;
    if (from >= length || (slash > 0 && !isPathStart(text[slash - 1]))) {
      return NONE;
    }
    switch (text[from] | 0x20) {
      case 'u':
        return tailMatches(text, length, from, USERS) ? 0 : NONE;
      case 'h':
        return tailMatches(text, length, from, HOME) ? 1 : NONE;
      case 'r':
        return tailMatches(text, length, from, ROOT) ? 2 : NONE;
      case 'v':
        return tailMatches(text, length, from, VAR_FOLDERS) ? 3 : NONE;
      default:
        return NONE;
    }
  }

  private static boolean tailMatches(char[] text, int length, int from, byte[] tail) {
    if (from + tail.length > length) {
      return false;
    }
    for (int k = 0; k < tail.length; k++) {
      int expected = tail[k];
      int actual = text[from + k];
      if (expected == '/' ? actual != '/' : (actual | 0x20) != expected) {
        return false;
      }
    }
    return true;
  }

  // X:\Users\ with the colon at `colon`.
  private static boolean isWindowsProfile(char[] text, int length, int colon) {
    if (colon < 1 || colon + 7 >= length) {
      return false;
    }
    int drive = text[colon - 1] | 0x20;
    return (colon < 2 || isPathStart(text[colon - 2]))
        && drive >= 'a'
        && drive <= 'z'
        && text[colon + 1] == '\\'
        && (text[colon + 2] | 0x20) == 'u'
        && (text[colon + 3] | 0x20) == 's'
        && (text[colon + 4] | 0x20) == 'e'
        && (text[colon + 5] | 0x20) == 'r'
        && (text[colon + 6] | 0x20) == 's'
        && text[colon + 7] == '\\';
  }
}
