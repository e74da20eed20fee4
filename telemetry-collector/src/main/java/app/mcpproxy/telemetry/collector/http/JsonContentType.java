package app.mcpproxy.telemetry.collector.http;

import java.util.Locale;

/** Tells whether a {@code Content-Type} header announces UTF-8 JSON. */
final class JsonContentType {
  private JsonContentType() {}

  /**
   * Accepts {@code application/json}, in any case, with at most a {@code charset=utf-8} parameter.
   *
   * @param header the header value, may be {@code null}
   * @return {@code true} when the body is declared as UTF-8 JSON
   */
  static boolean accepts(String header) {
    if (header == null) {
      return false;
    }
    String[] parts = header.split(";", -1);
    if (!parts[0].trim().toLowerCase(Locale.ROOT).equals("application/json")) {
      return false;
    }
    for (int i = 1; i < parts.length; i++) {
      String parameter = parts[i].trim().toLowerCase(Locale.ROOT);
      if (parameter.isEmpty()) {
        continue;
      }
      if (!parameter.startsWith("charset=")) {
        return false;
      }
      String charset = parameter.substring("charset=".length()).replace("\"", "");
      if (!charset.equals("utf-8") && !charset.equals("utf8")) {
        return false;
      }
    }
    return true;
  }
}
