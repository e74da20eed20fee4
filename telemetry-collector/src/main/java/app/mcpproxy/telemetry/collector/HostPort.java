package app.mcpproxy.telemetry.collector;

import java.util.Objects;

/** A listen address as {@code HOST:PORT}, or {@code [IPv6]:PORT}. */
record HostPort(String host, int port) {

  static HostPort parse(String text) {
    Objects.requireNonNull(text, "listen address");
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException("listen address must be HOST:PORT, got '" + text + "'");
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.indexOf(':') >= 0) {
      throw new IllegalArgumentException(
          "an IPv6 listen address needs brackets, as [::1]:8787, got '" + text + "'");
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("listen port is not a number in '" + text + "'", e);
    }
    if (host.isBlank() || port < 0 || port > 65_535) {
      throw new IllegalArgumentException("listen address must be HOST:PORT, got '" + text + "'");
    }
    return new HostPort(host, port);
  }
}
