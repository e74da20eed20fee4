package app.mcpproxy.telemetry.service;

import org.jspecify.annotations.Nullable;

/**
 * Feedback could not be delivered: refused by the rate limit, or by or on the way to the endpoint.
 */
public final class FeedbackException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int statusCode;
  private final boolean rateLimited;

  FeedbackException(
      String message, int statusCode, boolean rateLimited, @Nullable Throwable cause) {
    super(message, cause);
    this.statusCode = statusCode;
    this.rateLimited = rateLimited;
  }

  /**
   * Returns the endpoint's HTTP status.
   *
   * @return the status, or 0 when the endpoint did not answer or was never asked
   */
  public int statusCode() {
    return statusCode;
  }

  /**
   * Tells whether the local rate limit refused the feedback before any request was made.
   *
   * @return {@code true} when rate limited
   */
  public boolean rateLimited() {
    return rateLimited;
  }
}
