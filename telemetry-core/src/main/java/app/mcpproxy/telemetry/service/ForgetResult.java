package app.mcpproxy.telemetry.service;

import java.util.Objects;

/**
 * What {@link TelemetryService#forget()} did, step by step.
 *
 * @param remoteDeletion asking the endpoint to delete what it holds for the install
 * @param idRotation replacing the local anonymous id
 * @param logClearing clearing the local log of sent heartbeats
 */
public record ForgetResult(Step remoteDeletion, Step idRotation, Step logClearing) {
  /**
   * One step and how it went.
   *
   * @param done whether the step was carried out
   * @param detail a short explanation for people
   */
  public record Step(boolean done, String detail) {
    /** Checks components. */
    public Step {
      Objects.requireNonNull(detail, "detail");
    }

    static Step done(String detail) {
      return new Step(true, detail);
    }

    static Step notDone(String detail) {
      return new Step(false, detail);
    }
  }

  /** Checks components. */
  public ForgetResult {
    Objects.requireNonNull(remoteDeletion, "remoteDeletion");
    Objects.requireNonNull(idRotation, "idRotation");
    Objects.requireNonNull(logClearing, "logClearing");
  }

  /**
   * Tells whether every step was carried out.
   *
   * @return {@code true} when all three steps are done
   */
  public boolean complete() {
    return remoteDeletion.done() && idRotation.done() && logClearing.done();
  }
}
