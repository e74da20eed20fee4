package app.mcpproxy.telemetry.feedback;

import java.util.Objects;

/** Thrown when feedback fails validation; the message says which field is wrong and why. */
public final class InvalidFeedbackException extends Exception {
  private static final long serialVersionUID = 1L;

  /** The field that failed. */
  private final String field;

  /**
   * Creates the exception.
   *
   * @param field the field that failed: {@code category}, {@code message} or {@code email}
   * @param message what is wrong, starting with the field name
   */
  public InvalidFeedbackException(String field, String message) {
    super(message);
    this.field = Objects.requireNonNull(field, "field");
  }

  /**
   * Returns the field that failed validation.
   *
   * @return {@code category}, {@code message} or {@code email}
   */
  public String field() {
    return field;
  }
}
