package app.mcpproxy.telemetry.cli;

/** A failure at run time whose message is the whole one-line reason; the command exits with 1. */
final class CommandFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  CommandFailure(String message) {
    super(message);
  }

  CommandFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
