package app.mcpproxy.telemetry.collector;

import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The collector's command-line flags, declared once: the standalone {@link CollectorMain} and the
 * {@code mcpproxy-telemetry collector} command both mix them in. The data directory is not among
 * them because each command line owns that option itself.
 */
public final class CollectorFlags {
  /** Flags with their defaults, for picocli to fill in. */
  public CollectorFlags() {}

  @Option(
      names = "--listen",
      paramLabel = "HOST:PORT",
      description = "Address to listen on (default: " + CollectorOptions.DEFAULT_LISTEN + ").")
  private String listen;

  @Option(
      names = "--db",
      paramLabel = "JDBC_URL",
      description =
          "jdbc:sqlite:FILE or jdbc:postgresql://HOST:PORT/DB?user=… (default: SQLite file "
              + CollectorOptions.DEFAULT_DATABASE_FILE
              + " in the data directory).")
  private String jdbcUrl;

  @Option(
      names = "--admin-token-file",
      paramLabel = "FILE",
      description =
          "File holding the bearer token that reads feedback (default: generated into the data"
              + " directory at first start).")
  private Path adminTokenFile;

  @Option(
      names = "--rate-limit",
      paramLabel = "PER_SECOND",
      converter = RateLimitConverter.class,
      description =
          "Requests per second per source address, 0 for none (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + RateLimit.DEFAULT_PER_SECOND)
  private RateLimit rateLimit = RateLimit.DEFAULT;

  @Option(
      names = "--query-timeout",
      paramLabel = "SECONDS",
      converter = SecondsConverter.class,
      description =
          "Seconds a statistics query may run before it is cancelled and answered 503"
              + " (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + CollectorOptions.DEFAULT_QUERY_TIMEOUT_SECONDS)
  private Duration queryTimeout = CollectorOptions.DEFAULT_QUERY_TIMEOUT;

  @Option(
      names = "--keep-raw-days",
      paramLabel = "DAYS",
      converter = DaysConverter.class,
      description =
          "UTC days each heartbeat's raw JSON is kept, today included; older days keep only what"
              + " the statistics read (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + CollectorOptions.DEFAULT_KEEP_RAW_DAYS)
  private int keepRawDays = CollectorOptions.DEFAULT_KEEP_RAW_DAYS;

  /**
   * The options these flags describe, with the default database in {@code dataDir}.
   *
   * @param dataDir where the default database and a generated admin token live
   * @return the collector's options
   * @throws IllegalArgumentException when an address or database URL is not usable, naming it
   */
  public CollectorOptions options(Path dataDir) {
    CollectorOptions options = CollectorOptions.defaults(dataDir);
    if (listen != null) {
      options = options.withListen(listen);
    }
    if (jdbcUrl != null) {
      options = options.withJdbcUrl(jdbcUrl);
    }
    if (adminTokenFile != null) {
      options = options.withAdminTokenFile(adminTokenFile);
    }
    return options
        .withRateLimit(rateLimit)
        .withQueryTimeout(queryTimeout)
        .withKeepRawDays(keepRawDays);
  }

  static final class RateLimitConverter implements ITypeConverter<RateLimit> {
    @Override
    public RateLimit convert(String value) {
      double perSecond;
      try {
        perSecond = Double.parseDouble(value);
      } catch (NumberFormatException e) {
        throw new TypeConversionException("'" + value + "' is not a number");
      }
      if (!(perSecond >= 0) || Double.isInfinite(perSecond)) {
        throw new TypeConversionException("must be 0 (no limit) or a positive number");
      }
      return RateLimit.perSecond(perSecond);
    }
  }

  static final class SecondsConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      double seconds;
      try {
        seconds = Double.parseDouble(value);
      } catch (NumberFormatException e) {
        throw new TypeConversionException("'" + value + "' is not a number of seconds");
      }
      if (!(seconds > 0) || seconds > 86_400) {
        throw new TypeConversionException("must be more than 0 and at most 86400 seconds");
      }
      return Duration.ofMillis(Math.max(1, Math.round(seconds * 1000)));
    }
  }

  static final class DaysConverter implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      try {
        int days = Integer.parseInt(value);
        if (days >= 1) {
          return days;
        }
      } catch (NumberFormatException e) {
        // Answered below.
      }
      throw new TypeConversionException("must be a whole number of days, 1 or more");
    }
  }
}
