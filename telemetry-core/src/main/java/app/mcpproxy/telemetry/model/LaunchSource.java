package app.mcpproxy.telemetry.model;

import java.util.Optional;

/** How the process was started. */
public enum LaunchSource implements WireValue {
  INSTALLER("installer"),
  TRAY("tray"),
  LOGIN_ITEM("login_item"),
  CLI("cli"),
  UNKNOWN("unknown");

  private final String wireName;

  LaunchSource(String wireName) {
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
  public static Optional<LaunchSource> fromWireName(String wireName) {
    return WireValues.find(LaunchSource.class, wireName);
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
