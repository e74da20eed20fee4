package app.mcpproxy.telemetry.cli;

/** Turns exceptions into the one-line reasons the commands print. */
final class Messages {
  private Messages() {}

  /**
   * Returns the most telling one-line description of a failure: its message, or the message of the
   * first cause that has one, else the exception's simple class name.
   */
  static String oneLine(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String message = t.getMessage();
      if (message != null && !message.isBlank()) {
        return flatten(message);
      }
    }
    return failure.getClass().getSimpleName();
  }

  /** Joins the lines of a message with {@code "; "} so the reason stays on one line. */
  static String flatten(String message) {
    return message.strip().replaceAll("\\s*\\R\\s*", "; ");
  }
}
