package app.mcpproxy.telemetry.counters;

/** The vocabulary of REST counter keys: route templates, status classes and the fallback key. */
final class RestKeys {
  /** The key of calls whose route is not a usable template. */
  static final String UNMATCHED = "UNMATCHED";

  /** Longer templates are not route templates but paths with data in them. */
  static final int MAX_TEMPLATE_LENGTH = 256;

  static final int STATUS_CLASS_COUNT = 4;

  private static final String[] STATUS_CLASSES = {"2xx", "3xx", "4xx", "5xx"};

  private RestKeys() {}

  /**
   * Tells whether a route template may become part of a key: it starts with {@code /}, is at most
   * {@value #MAX_TEMPLATE_LENGTH} characters long and holds no query, fragment, whitespace or
   * control character.
   */
  static boolean isValidTemplate(String template) {
    int length = template.length();
    if (length == 0 || length > MAX_TEMPLATE_LENGTH || template.charAt(0) != '/') {
      return false;
    }
    for (int i = 1; i < length; i++) {
      char c = template.charAt(i);
      if (c == '?'
          || c == '#'
          || Character.isISOControl(c)
          || Character.isWhitespace(c)
          || Character.isSpaceChar(c)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Maps {@code 2xx} to {@code 5xx}, in any case, to 0 to 3 without allocating.
   *
   * @return the index, or -1 for anything else
   */
  static int statusClassIndex(String statusClass) {
    if (statusClass == null || statusClass.length() != 3) {
      return -1;
    }
    char digit = statusClass.charAt(0);
    if (digit < '2' || digit > '5' || !isX(statusClass.charAt(1)) || !isX(statusClass.charAt(2))) {
      return -1;
    }
    return digit - '2';
  }

  /**
   * Maps an HTTP status code from 200 to 599 to its class index.
   *
   * @return the index, or -1 for anything else
   */
  static int statusClassIndex(int status) {
    return status >= 200 && status <= 599 ? status / 100 - 2 : -1;
  }

  static String statusClassName(int index) {
    return STATUS_CLASSES[index];
  }

  private static boolean isX(char c) {
    return c == 'x' || c == 'X';
  }
}
