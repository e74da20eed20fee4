package app.mcpproxy.telemetry.cli;

/** The exit codes of every command. */
final class ExitCodes {
  /** The command did what was asked. */
  static final int OK = 0;

  /** The command failed at run time; a one-line reason went to stderr. */
  static final int FAILURE = 1;

  /** Bad usage or invalid input; nothing was changed. */
  static final int USAGE = 2;

  private ExitCodes() {}
}
