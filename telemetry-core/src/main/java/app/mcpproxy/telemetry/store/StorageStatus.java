package app.mcpproxy.telemetry.store;

import java.util.Objects;

/**
 * What the telemetry database is doing for the install, for people: whether it is in use, and if
 * not, what is wrong and what that costs.
 *
 * @param state the state
 * @param problem what is wrong, naming the file and the failed operation; empty when nothing is
 * @param consequence what the state costs, in a sentence
 */
public record StorageStatus(StorageStatus.State state, String problem, String consequence) {

  /** The states of the database. */
  public enum State {
    /** Nothing had to be written yet, so there is no file. */
    NOT_CREATED,
    /** Counters, flags and the heartbeat log are written to the file. */
    DURABLE,
    /** The file cannot be used; everything is kept in memory and retried. */
    MEMORY_ONLY
  }

  /** Checks components. */
  public StorageStatus {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(problem, "problem");
    Objects.requireNonNull(consequence, "consequence");
  }

  /**
   * Returns the status of a database that cannot be used.
   *
   * @param problem what is wrong, naming the file and the failed operation
   * @return the status
   */
  public static StorageStatus unusable(String problem) {
    return memoryOnly(Objects.requireNonNull(problem, "problem"));
  }

  /**
   * Returns the status of a database that is in use.
   *
   * @return the status
   */
  public static StorageStatus inUse() {
    return durable();
  }

  /**
   * Returns the status of a data directory without a database yet.
   *
   * @return the status
   */
  public static StorageStatus absent() {
    return notCreated();
  }

  static StorageStatus notCreated() {
    return new StorageStatus(
        State.NOT_CREATED, "", "nothing is held yet; the file is created on the first write");
  }

  static StorageStatus durable() {
    return new StorageStatus(
        State.DURABLE,
        "",
        "unsent counters reach the disk within a second and survive a crash or restart");
  }

  static StorageStatus memoryOnly(String problem) {
    return new StorageStatus(
        State.MEMORY_ONLY,
        problem,
        "counters, flags and client names are kept in memory and heartbeats still go out; writes"
            + " are retried every second, and what is not written when the process ends is lost");
  }

  /**
   * Tells whether the database is usable, or not needed yet.
   *
   * @return {@code false} only while writes fail
   */
  public boolean healthy() {
    return state != State.MEMORY_ONLY;
  }

  /**
   * Renders the status on one line, such as {@code durable} or {@code memory only: ...}.
   *
   * @return the line
   */
  public String describe() {
    switch (state) {
      case NOT_CREATED:
        return "not created yet (" + consequence + ")";
      case DURABLE:
        return "durable (" + consequence + ")";
      default:
        return "memory only: " + problem + " (" + consequence + ")";
    }
  }
}
