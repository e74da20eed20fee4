package app.mcpproxy.telemetry.cli;

import java.io.PrintStream;
import java.lang.System.Logger;
import java.text.MessageFormat;
import java.util.ResourceBundle;

/** Writes one line per message to stderr: {@code mcpproxy-telemetry: LEVEL: message: cause}. */
final class StderrLogger implements Logger {
  private final String name;
  private final Level threshold;
  private final PrintStream err;

  StderrLogger(String name, Level threshold, PrintStream err) {
    this.name = name;
    this.threshold = threshold;
    this.err = err;
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public boolean isLoggable(Level level) {
    return level != Level.OFF
        && threshold != Level.OFF
        && level.getSeverity() >= threshold.getSeverity();
  }

  @Override
  public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
    if (isLoggable(level)) {
      String line = "mcpproxy-telemetry: " + level.getName() + ": " + localized(bundle, msg);
      if (thrown != null) {
        line += ": " + Messages.oneLine(thrown);
      }
      err.println(line);
    }
  }

  @Override
  public void log(Level level, ResourceBundle bundle, String format, Object... params) {
    if (isLoggable(level)) {
      String pattern = localized(bundle, format);
      String text =
          params == null || params.length == 0 ? pattern : MessageFormat.format(pattern, params);
      err.println("mcpproxy-telemetry: " + level.getName() + ": " + text);
    }
  }

  private static String localized(ResourceBundle bundle, String key) {
    if (bundle != null && key != null && bundle.containsKey(key)) {
      return bundle.getString(key);
    }
    return String.valueOf(key);
  }
}
