package app.mcpproxy.telemetry.model;

/**
 * The outcome of one diagnostic check, as much of it as the counters need. A host's own result type
 * can implement this interface directly.
 */
public interface DoctorCheckResult {
  /**
   * Returns the check's stable name, such as {@code docker_daemon}.
   *
   * @return the name; results with an empty name are not counted
   */
  String checkName();

  /**
   * Tells whether the check passed.
   *
   * @return {@code true} when it passed
   */
  boolean passed();

  /**
   * Creates a result.
   *
   * @param checkName the check's name
   * @param passed whether it passed
   * @return the result
   */
  static DoctorCheckResult of(String checkName, boolean passed) {
    record Result(String checkName, boolean passed) implements DoctorCheckResult {}
    return new Result(checkName, passed);
  }
}
