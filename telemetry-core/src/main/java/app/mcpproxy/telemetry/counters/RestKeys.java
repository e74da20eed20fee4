package app.mcpproxy.telemetry.counters;

/** The vocabulary of REST counter keys: status classes and the fallback key. */
final class RestKeys {
  /** The key of calls whose route is not a usable template. */
  static final String UNMATCHED = "UNMATCHED";

  static final int STATUS_CLASS_COUNT = 4;

  private static final String[] STATUS_CLASSES = {"2xx", "3xx", "4xx", "5xx"};

  private RestKeys() {}

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
