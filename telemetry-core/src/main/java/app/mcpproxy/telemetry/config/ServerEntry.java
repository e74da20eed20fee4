package app.mcpproxy.telemetry.config;

import java.util.Objects;

/**
 * What telemetry may look at in one entry of the host's {@code mcpServers} list: never the server's
 * name, and its URL only so that an OAuth provider type can be derived from it.
 *
 * @param protocol {@code protocol} as written, or an empty string when absent or not a string
 * @param url {@code url} as written, or an empty string when absent or not a string
 * @param hasOAuth whether the entry has an {@code oauth} object
 * @param enabled {@code enabled}; absent means {@code true}, as in mcpproxy
 */
public record ServerEntry(String protocol, String url, boolean hasOAuth, boolean enabled) {

  /** Rejects {@code null} strings; absent values are empty strings. */
  public ServerEntry {
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(url, "url");
  }

  /** Describes the entry without its URL, so that logging it cannot leak where it points. */
  @Override
  public String toString() {
    return "ServerEntry[protocol="
        + protocol
        + ", url="
        + (url.isEmpty() ? "" : "<redacted>")
        + ", hasOAuth="
        + hasOAuth
        + ", enabled="
        + enabled
        + "]";
  }
}
