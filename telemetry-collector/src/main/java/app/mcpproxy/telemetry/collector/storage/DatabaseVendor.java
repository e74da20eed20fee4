package app.mcpproxy.telemetry.collector.storage;

import java.util.Locale;
import java.util.Objects;

/** The databases the collector runs on, recognised by JDBC URL. */
public enum DatabaseVendor {
  SQLITE("jdbc:sqlite:"),
  POSTGRESQL("jdbc:postgresql:");

  private final String urlPrefix;

  DatabaseVendor(String urlPrefix) {
    this.urlPrefix = urlPrefix;
  }

  public static DatabaseVendor of(String jdbcUrl) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    String lower = jdbcUrl.toLowerCase(Locale.ROOT);
    for (DatabaseVendor vendor : values()) {
      if (lower.startsWith(vendor.urlPrefix)) {
        return vendor;
      }
    }
    // The URL may carry a password: name only its scheme.
    int schemeEnd = jdbcUrl.indexOf(':', lower.startsWith("jdbc:") ? "jdbc:".length() : 0);
    String scheme = schemeEnd < 0 ? "(none)" : jdbcUrl.substring(0, schemeEnd + 1);
    throw new IllegalArgumentException(
        "unsupported database URL scheme '"
            + scheme
            + "': use jdbc:sqlite:FILE or jdbc:postgresql://HOST:PORT/DB");
  }

  String urlPrefix() {
    return urlPrefix;
  }
}
