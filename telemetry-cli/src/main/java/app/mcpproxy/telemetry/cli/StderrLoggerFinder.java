package app.mcpproxy.telemetry.cli;

import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.util.Locale;
import java.util.Map;

/**
 * The logging backend of the command-line tool: {@link System.Logger} messages at or above a
 * threshold go to stderr as one line each; the rest are dropped.
 *
 * <p>The threshold is {@code ERROR} so that stderr stays quiet except for errors; the environment
 * variable {@code MCPPROXY_TELEMETRY_LOG} ({@code off}, {@code error}, {@code warning}, {@code
 * info}, {@code debug}, {@code trace}) changes it.
 */
public final class StderrLoggerFinder extends System.LoggerFinder {
  /** The environment variable that sets the threshold. */
  static final String LEVEL_VARIABLE = "MCPPROXY_TELEMETRY_LOG";

  private final Level threshold;
  private final PrintStream err;

  /** Creates the finder the JDK loads as a service, configured from the process environment. */
  public StderrLoggerFinder() {
    this(thresholdFrom(System.getenv()), System.err);
  }

  StderrLoggerFinder(Level threshold, PrintStream err) {
    this.threshold = threshold;
    this.err = err;
  }

  static Level thresholdFrom(Map<String, String> env) {
    String value = env.get(LEVEL_VARIABLE);
    if (value == null || value.isBlank()) {
      return Level.ERROR;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "off", "none" -> Level.OFF;
      case "warning", "warn" -> Level.WARNING;
      case "info" -> Level.INFO;
      case "debug" -> Level.DEBUG;
      case "trace", "all" -> Level.TRACE;
      default -> Level.ERROR;
    };
  }

  @Override
  public System.Logger getLogger(String name, Module module) {
    return new StderrLogger(name, threshold, err);
  }
}
