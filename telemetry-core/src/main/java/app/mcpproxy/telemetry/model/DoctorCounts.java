package app.mcpproxy.telemetry.model;

/**
 * How often one diagnostic check passed and failed.
 *
 * @param pass number of passing runs
 * @param fail number of failing runs
 */
public record DoctorCounts(long pass, long fail) {
  /** Rejects negative counts. */
  public DoctorCounts {
    if (pass < 0 || fail < 0) {
      throw new IllegalArgumentException("counts must be >= 0, got pass=" + pass + " fail=" + fail);
    }
  }
}
