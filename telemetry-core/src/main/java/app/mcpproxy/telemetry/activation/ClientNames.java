package app.mcpproxy.telemetry.activation;

/**
 * Turns MCP client names as clients report them into the short, fixed-shape names the activation
 * funnel keeps.
 *
 * <p>A sanitised name is ASCII, lower case, starts with a letter or digit, holds only {@code a-z
 * 0-9 . _ -}, is at most 64 characters long and never contains {@code ..}. Anything else becomes
 * {@link #UNKNOWN}, so a path, an e-mail address or free text can never reach the payload.
 */
public final class ClientNames {
  /** The name every unusable client name is replaced with. */
  public static final String UNKNOWN = "unknown";

  /** Longest name kept. */
  public static final int MAX_LENGTH = 64;

  private ClientNames() {}

  /**
   * Sanitises a client name: trims it, lower-cases it and checks its shape.
   *
   * <p>Non-ASCII input is rejected before lower-casing, so characters that lower-case to ASCII (the
   * Kelvin sign {@code U+212A} becomes {@code k} in most locales) cannot slip through.
   *
   * <pre>{@code
   * ClientNames.sanitize(" Claude-Code ");  // "claude-code"
   * ClientNames.sanitize("a/b");            // "unknown"
   * }</pre>
   *
   * @param rawName the name as the client reported it; may be {@code null}
   * @return the sanitised name, or {@link #UNKNOWN}
   */
  public static String sanitize(String rawName) {
    if (rawName == null) {
      return UNKNOWN;
    }
    String trimmed = rawName.strip();
    int length = trimmed.length();
    if (length == 0 || length > MAX_LENGTH) {
      return UNKNOWN;
    }
    char[] lower = new char[length];
    for (int i = 0; i < length; i++) {
      char c = trimmed.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        c = (char) (c + ('a' - 'A'));
      }
      boolean letterOrDigit = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      boolean punctuation = c == '.' || c == '_' || c == '-';
      if (!letterOrDigit && !(punctuation && i > 0)) {
        return UNKNOWN;
      }
      if (c == '.' && lower[i - 1] == '.') {
        return UNKNOWN;
      }
      lower[i] = c;
    }
    return new String(lower);
  }
}
