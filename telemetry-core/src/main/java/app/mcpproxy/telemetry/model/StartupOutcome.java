package app.mcpproxy.telemetry.model;

import java.util.Optional;

/** How the host's last start-up ended. */
public enum StartupOutcome implements WireValue {
  SUCCESS("success"),
  PORT_CONFLICT("port_conflict"),
  DB_LOCKED("db_locked"),
  CONFIG_ERROR("config_error"),
  PERMISSION_ERROR("permission_error"),
  OTHER_ERROR("other_error");

  private final String wireName;

  StartupOutcome(String wireName) {
    this.wireName = wireName;
  }

  @Override
  public String wireName() {
    return wireName;
  }

  /**
   * Finds the member with the given wire string.
   *
   * @param wireName the string as it appears on the wire, may be {@code null}
   * @return the member, or empty when the string is not part of the vocabulary
   */
  public static Optional<StartupOutcome> fromWireName(String wireName) {
    return WireValues.find(StartupOutcome.class, wireName);
  }

  /**
   * Tells whether a string belongs to this vocabulary.
   *
   * @param wireName the string to test, may be {@code null}
   * @return {@code true} for a wire string of a member
   */
  public static boolean isValid(String wireName) {
    return fromWireName(wireName).isPresent();
  }
}
