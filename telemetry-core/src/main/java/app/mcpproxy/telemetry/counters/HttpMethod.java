package app.mcpproxy.telemetry.counters;

/** The request methods counted by name; every other method is counted as {@link #OTHER}. */
enum HttpMethod {
  GET,
  POST,
  PUT,
  DELETE,
  PATCH,
  HEAD,
  OPTIONS,
  OTHER;

  private static final HttpMethod[] MEMBERS = values();

  /** The number of members, so that tables can be laid out by ordinal. */
  static final int COUNT = MEMBERS.length;

  static int count() {
    return COUNT;
  }

  static HttpMethod ofOrdinal(int ordinal) {
    return MEMBERS[ordinal];
  }

  /**
   * Classifies a method without allocating or hashing: by length, then by its letters. Matching
   * ignores ASCII case only, so the result does not depend on the default locale and non-ASCII
   * look-alikes such as {@code poſt} are {@link #OTHER}.
   */
  static HttpMethod of(String method) {
    if (method == null) {
      return OTHER;
    }
    switch (method.length()) {
      case 3:
        if (is(method, "get")) {
          return GET;
        }
        return is(method, "put") ? PUT : OTHER;
      case 4:
        if (is(method, "post")) {
          return POST;
        }
        return is(method, "head") ? HEAD : OTHER;
      case 5:
        return is(method, "patch") ? PATCH : OTHER;
      case 6:
        return is(method, "delete") ? DELETE : OTHER;
      case 7:
        return is(method, "options") ? OPTIONS : OTHER;
      default:
        return OTHER;
    }
  }

  /** Compares with a lower-case ASCII word of the same length, ignoring ASCII case only. */
  private static boolean is(String method, String lowerWord) {
    for (int i = 0; i < lowerWord.length(); i++) {
      // Setting bit 0x20 folds an ASCII capital into its small letter and no other char into one.
      if ((method.charAt(i) | 0x20) != lowerWord.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
