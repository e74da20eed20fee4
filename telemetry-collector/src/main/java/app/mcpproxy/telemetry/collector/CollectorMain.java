package app.mcpproxy.telemetry.collector;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Runs a collector from the command line until the process is told to stop.
 *
 * <pre>
 * java -cp … app.mcpproxy.telemetry.collector.CollectorMain [--listen HOST:PORT] [--db JDBC_URL]
 *     [--data-dir DIR] [--admin-token-file FILE] [--rate-limit PER_SECOND]
 * </pre>
 */
public final class CollectorMain {
  static final String USAGE =
      "usage: collector [--listen HOST:PORT] [--db JDBC_URL] [--data-dir DIR]"
          + " [--admin-token-file FILE] [--rate-limit PER_SECOND] [--query-timeout SECONDS]"
          + " [--keep-raw-days DAYS]\n"
          + "  --listen            address to bind (default "
          + CollectorOptions.DEFAULT_LISTEN
          + ")\n"
          + "  --db                jdbc:sqlite:FILE or jdbc:postgresql://HOST:PORT/DB?user=…"
          + " (default: SQLite file "
          + CollectorOptions.DEFAULT_DATABASE_FILE
          + " in the data directory)\n"
          + "  --data-dir          where the database and a generated admin token live"
          + " (default ~/.mcpproxy)\n"
          + "  --admin-token-file  file holding the token that reads feedback"
          + " (default: generated into the data directory)\n"
          + "  --rate-limit        requests per second per source address, 0 for none (default "
          + (int) RateLimit.DEFAULT.permitsPerSecond()
          + ")\n"
          + "  --query-timeout     seconds a statistics query may run before it is cancelled and"
          + " answered 503 (default "
          + CollectorOptions.DEFAULT_QUERY_TIMEOUT.toSeconds()
          + ")\n"
          + "  --keep-raw-days     UTC days each heartbeat's raw JSON is kept, today included;"
          + " older days keep only what the statistics read (default "
          + CollectorOptions.DEFAULT_KEEP_RAW_DAYS
          + ")\n";

  private CollectorMain() {}

  /**
   * Starts a collector and keeps it running until the process is stopped (Ctrl-C, SIGTERM), then
   * shuts it down gracefully.
   *
   * @param args the options above
   * @throws InterruptedException when interrupted while running
   */
  public static void main(String[] args) throws InterruptedException {
    CollectorOptions options;
    try {
      options = parse(List.of(args), Path.of(System.getProperty("user.home"), ".mcpproxy"));
    } catch (IllegalArgumentException e) {
      System.err.println("collector: " + e.getMessage());
      System.err.print(USAGE);
      System.exit(2);
      return;
    }
    Collector collector = Collector.builder(options).build();
    try {
      collector.start();
    } catch (Exception e) {
      System.err.println("collector: cannot start: " + e.getMessage());
      System.exit(1);
      return;
    }
    printBanner(collector, System.out);
    Runtime.getRuntime().addShutdownHook(new Thread(collector::close, "collector-shutdown"));
    collector.awaitStop();
  }

  /**
   * Prints where the collector listens, its endpoint for clients and where its admin token is.
   *
   * @param collector a started collector
   * @param out where to print
   */
  public static void printBanner(Collector collector, PrintStream out) {
    out.println("Collector listening on " + collector.baseUri());
    out.println("  dashboard:       " + collector.baseUri());
    out.println("  client endpoint: " + collector.baseUri() + "v1");
    out.println(
        "  admin token:     "
            + collector.adminTokenFile()
            + (collector.adminTokenGenerated() ? " (generated, readable by you only)" : "")
            + " — send it as 'Authorization: Bearer TOKEN' to GET /v1/feedback");
  }

  static CollectorOptions parse(List<String> args, Path defaultDataDir) {
    Deque<String> queue = new ArrayDeque<>(args);
    String listen = null;
    String jdbcUrl = null;
    Path dataDir = defaultDataDir;
    Path tokenFile = null;
    RateLimit rateLimit = RateLimit.DEFAULT;
    Duration queryTimeout = CollectorOptions.DEFAULT_QUERY_TIMEOUT;
    int keepRawDays = CollectorOptions.DEFAULT_KEEP_RAW_DAYS;
    while (!queue.isEmpty()) {
      String flag = queue.removeFirst();
      if (queue.isEmpty()) {
        throw new IllegalArgumentException("missing value after " + flag);
      }
      String value = queue.removeFirst();
      switch (flag) {
        case "--listen" -> listen = value;
        case "--db" -> jdbcUrl = value;
        case "--data-dir" -> dataDir = Path.of(value);
        case "--admin-token-file" -> tokenFile = Path.of(value);
        case "--rate-limit" -> rateLimit = rateLimit(value);
        case "--query-timeout" -> queryTimeout = seconds("--query-timeout", value);
        case "--keep-raw-days" -> keepRawDays = days("--keep-raw-days", value);
        default -> throw new IllegalArgumentException("unknown option " + flag);
      }
    }
    CollectorOptions options = CollectorOptions.defaults(dataDir);
    if (listen != null) {
      options = options.withListen(listen);
    }
    if (jdbcUrl != null) {
      options = options.withJdbcUrl(jdbcUrl);
    }
    if (tokenFile != null) {
      options = options.withAdminTokenFile(tokenFile);
    }
    return options
        .withRateLimit(rateLimit)
        .withQueryTimeout(queryTimeout)
        .withKeepRawDays(keepRawDays);
  }

  private static int days(String flag, String value) {
    try {
      int days = Integer.parseInt(value);
      if (days >= 1) {
        return days;
      }
    } catch (NumberFormatException e) {
      // Answered below.
    }
    throw new IllegalArgumentException(flag + " must be a whole number of days, 1 or more");
  }

  private static Duration seconds(String flag, String value) {
    double seconds;
    try {
      seconds = Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          flag + " must be a number of seconds, got '" + value + "'", e);
    }
    if (!(seconds > 0) || seconds > 86_400) {
      throw new IllegalArgumentException(flag + " must be more than 0 and at most 86400");
    }
    return Duration.ofMillis(Math.max(1, Math.round(seconds * 1000)));
  }

  private static RateLimit rateLimit(String value) {
    double perSecond;
    try {
      perSecond = Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--rate-limit must be a number, got '" + value + "'", e);
    }
    if (perSecond == 0) {
      return RateLimit.unlimited();
    }
    return new RateLimit(perSecond, (int) Math.max(1, Math.ceil(perSecond * 5)));
  }
}
