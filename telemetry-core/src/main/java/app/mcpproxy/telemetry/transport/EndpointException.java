package app.mcpproxy.telemetry.transport;

import org.jspecify.annotations.Nullable;

/** The endpoint refused a request or could not be reached. */
public final class EndpointException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int statusCode;

  /**
   * Creates the exception.
   *
   * @param statusCode the HTTP status of the answer, or 0 when no answer came
   * @param message what went wrong, without request contents
   * @param cause the underlying failure, or {@code null}
   */
  public EndpointException(int statusCode, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.statusCode = statusCode;
  }

  /**
   * Returns the HTTP status of the answer.
   *
   * @return the status, or 0 when no answer came
   */
  public int statusCode() {
    return statusCode;
  }
}
