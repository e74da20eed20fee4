package app.mcpproxy.telemetry.privacy;

import java.util.Objects;

/** Thrown by {@link AnonymityScanner#check} when a payload must not leave the machine. */
public final class AnonymityViolationException extends Exception {

  private static final long serialVersionUID = 1L;

  private final AnonymityViolation violation;

  /**
   * Creates the exception.
   *
   * @param violation the rule the payload broke
   */
  public AnonymityViolationException(AnonymityViolation violation) {
    super(
        "telemetry anonymity violation: "
            + Objects.requireNonNull(violation, "violation").message());
    this.violation = violation;
  }

  /**
   * Returns the rule the payload broke.
   *
   * @return the violation, never {@code null}
   */
  public AnonymityViolation violation() {
    return violation;
  }
}
