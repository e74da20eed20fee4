package app.mcpproxy.telemetry.cli;

/** Bad usage or invalid input found by a command after parsing; the command exits with 2. */
final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }

  UsageException(String message, Throwable cause) {
    super(message, cause);
  }
}
