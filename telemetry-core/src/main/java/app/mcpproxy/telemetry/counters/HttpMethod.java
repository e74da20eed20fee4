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

  static int count() {
    return MEMBERS.length;
  }

  static HttpMethod ofOrdinal(int ordinal) {
    return MEMBERS[ordinal];
  }

  /**
   * Classifies a method without allocating. Matching ignores ASCII case only, so the result does
   * not depend on the default locale and non-ASCII look-alikes such as {@code poſt} are {@link
   * #OTHER}.
   */
  static HttpMethod of(String method) {
    if (method == null) {
      return OTHER;
    }
    switch (method) {
      case "GET":
        return GET;
      case "POST":
        return POST;
      case "PUT":
        return PUT;
      case "DELETE":
        return DELETE;
      case "PATCH":
        return PATCH;
      case "HEAD":
        return HEAD;
      case "OPTIONS":
        return OPTIONS;
      default:
        return ofIgnoringCase(method);
    }
  }

  private static HttpMethod ofIgnoringCase(String method) {
    for (HttpMethod candidate : MEMBERS) {
      if (candidate != OTHER && equalsIgnoringAsciiCase(candidate.name(), method)) {
        return candidate;
      }
    }
    return OTHER;
  }

  private static boolean equalsIgnoringAsciiCase(String upper, String text) {
    if (upper.length() != text.length()) {
      return false;
    }
    for (int i = 0; i < upper.length(); i++) {
      char c = text.charAt(i);
      char folded = c >= 'a' && c <= 'z' ? (char) (c - ('a' - 'A')) : c;
      if (folded != upper.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
