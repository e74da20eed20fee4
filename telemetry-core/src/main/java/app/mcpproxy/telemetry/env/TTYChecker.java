package app.mcpproxy.telemetry.env;

/** Tells whether standard input is a terminal, so detectors can be tested without one. */
@FunctionalInterface
public interface TTYChecker {
  /**
   * Tells whether standard input is attached to a terminal.
   *
   * @return {@code true} for an interactive terminal
   */
  boolean isTerminal();

  /**
   * Returns the checker of the real process.
   *
   * <p>The JDK only reports whether the process as a whole is attached to a terminal (standard
   * input and output both), which is the closest portable answer. On Java 22 and later, where
   * {@link System#console()} is present even when input is redirected, {@code Console.isTerminal()}
   * decides.
   *
   * @return the system checker
   */
  static TTYChecker system() {
    return ConsoleTerminal.INSTANCE;
  }
}
