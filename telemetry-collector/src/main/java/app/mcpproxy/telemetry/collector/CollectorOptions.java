package app.mcpproxy.telemetry.collector;

import app.mcpproxy.telemetry.collector.http.AdminToken;
import app.mcpproxy.telemetry.collector.storage.DatabaseVendor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where the collector listens and keeps its data.
 *
 * <pre>{@code
 * CollectorOptions options =
 *     CollectorOptions.defaults(Path.of("/var/lib/mcpproxy-collector"))
 *         .withListen("0.0.0.0:8787")
 *         .withJdbcUrl("jdbc:postgresql://127.0.0.1:5432/telemetry?user=telemetry");
 * }</pre>
 *
 * @param listenHost host name or address to bind, such as {@code 127.0.0.1}
 * @param listenPort TCP port to bind; 0 picks a free one
 * @param jdbcUrl {@code jdbc:sqlite:…} or {@code jdbc:postgresql:…}
 * @param dataDir directory for the SQLite file and the generated admin token
 * @param adminTokenFile file holding the bearer token that reads feedback, or {@code null} to
 *     generate one into {@code dataDir} at first start
 * @param rateLimit request rate allowed per source address
 * @param queryTimeout longest a statistics query may run before it is cancelled and answered 503
 * @param keepRawDays UTC days the raw JSON of a heartbeat is kept (today included); older days keep
 *     only the columns the statistics read
 */
public record CollectorOptions(
    String listenHost,
    int listenPort,
    String jdbcUrl,
    Path dataDir,
    @Nullable Path adminTokenFile,
    RateLimit rateLimit,
    Duration queryTimeout,
    int keepRawDays) {

  /** The default listen address. */
  public static final String DEFAULT_LISTEN = "127.0.0.1:8787";

  /** The SQLite file created in the data directory when no JDBC URL is given. */
  public static final String DEFAULT_DATABASE_FILE = "collector.db";

  /** The default longest run of a statistics query. */
  public static final Duration DEFAULT_QUERY_TIMEOUT =
      Duration.ofSeconds(CollectorOptions.DEFAULT_QUERY_TIMEOUT_SECONDS);

  /** The default time limit of a statistics query, in seconds. */
  public static final int DEFAULT_QUERY_TIMEOUT_SECONDS = 10;

  /** The default number of days raw heartbeat JSON is kept. */
  public static final int DEFAULT_KEEP_RAW_DAYS = 30;

  /** The file the admin token is generated into, in the data directory. */
  public static final String GENERATED_TOKEN_FILE = AdminToken.GENERATED_FILE;

  /** Checks every component. */
  public CollectorOptions {
    Objects.requireNonNull(listenHost, "listenHost");
    if (listenHost.isBlank()) {
      throw new IllegalArgumentException("listen host must not be blank");
    }
    if (listenPort < 0 || listenPort > 65_535) {
      throw new IllegalArgumentException("listen port must be 0..65535, got " + listenPort);
    }
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    DatabaseVendor.of(jdbcUrl);
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(rateLimit, "rateLimit");
    Objects.requireNonNull(queryTimeout, "queryTimeout");
    if (queryTimeout.isNegative() || queryTimeout.isZero()) {
      throw new IllegalArgumentException("query timeout must be positive, got " + queryTimeout);
    }
    if (keepRawDays < 1) {
      throw new IllegalArgumentException("raw JSON must be kept 1 day or more, got " + keepRawDays);
    }
  }

  /**
   * Options with the defaults: listen on {@code 127.0.0.1:8787}, SQLite file {@code collector.db}
   * in the data directory, a generated admin token, the default rate limit.
   *
   * @param dataDir the data directory
   * @return the options
   */
  public static CollectorOptions defaults(Path dataDir) {
    Objects.requireNonNull(dataDir, "dataDir");
    HostPort listen = HostPort.parse(DEFAULT_LISTEN);
    return new CollectorOptions(
        listen.host(),
        listen.port(),
        sqliteUrl(dataDir.resolve(DEFAULT_DATABASE_FILE)),
        dataDir,
        null,
        RateLimit.DEFAULT,
        DEFAULT_QUERY_TIMEOUT,
        DEFAULT_KEEP_RAW_DAYS);
  }

  /**
   * Returns the JDBC URL of a SQLite database file.
   *
   * @param file the database file
   * @return {@code jdbc:sqlite:} and the absolute path
   */
  public static String sqliteUrl(Path file) {
    return "jdbc:sqlite:" + file.toAbsolutePath();
  }

  /**
   * Returns a copy listening on {@code HOST:PORT} ({@code [v6addr]:PORT} for IPv6).
   *
   * @param hostPort the address
   * @return the copy
   * @throws IllegalArgumentException when the address is malformed
   */
  public CollectorOptions withListen(String hostPort) {
    HostPort listen = HostPort.parse(hostPort);
    return new CollectorOptions(
        listen.host(),
        listen.port(),
        jdbcUrl,
        dataDir,
        adminTokenFile,
        rateLimit,
        queryTimeout,
        keepRawDays);
  }

  /**
   * Returns a copy using another database.
   *
   * @param url {@code jdbc:sqlite:…} or {@code jdbc:postgresql:…}
   * @return the copy
   */
  public CollectorOptions withJdbcUrl(String url) {
    return new CollectorOptions(
        listenHost, listenPort, url, dataDir, adminTokenFile, rateLimit, queryTimeout, keepRawDays);
  }

  /**
   * Returns a copy that reads the admin token from a file.
   *
   * @param file the token file
   * @return the copy
   */
  public CollectorOptions withAdminTokenFile(Path file) {
    return new CollectorOptions(
        listenHost,
        listenPort,
        jdbcUrl,
        dataDir,
        Objects.requireNonNull(file),
        rateLimit,
        queryTimeout,
        keepRawDays);
  }

  /**
   * Returns a copy with another rate limit per source address.
   *
   * @param limit the limit
   * @return the copy
   */
  public CollectorOptions withRateLimit(RateLimit limit) {
    return new CollectorOptions(
        listenHost, listenPort, jdbcUrl, dataDir, adminTokenFile, limit, queryTimeout, keepRawDays);
  }

  /**
   * Returns a copy with another time limit for statistics queries.
   *
   * @param timeout the limit, positive
   * @return the copy
   */
  public CollectorOptions withQueryTimeout(Duration timeout) {
    return new CollectorOptions(
        listenHost, listenPort, jdbcUrl, dataDir, adminTokenFile, rateLimit, timeout, keepRawDays);
  }

  /**
   * Returns a copy that keeps raw heartbeat JSON for another number of UTC days.
   *
   * @param days the days, 1 or more (1: today only)
   * @return the copy
   */
  public CollectorOptions withKeepRawDays(int days) {
    return new CollectorOptions(
        listenHost, listenPort, jdbcUrl, dataDir, adminTokenFile, rateLimit, queryTimeout, days);
  }

  /**
   * Returns the configured admin token file, if any.
   *
   * @return the file, or empty when a token is generated into the data directory
   */
  public Optional<Path> configuredAdminTokenFile() {
    return Optional.ofNullable(adminTokenFile);
  }
}
