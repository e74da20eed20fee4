package app.mcpproxy.telemetry.model;

import java.util.Optional;

/** The environment variable that switched telemetry off, if any. */
public enum EnvDisabledReason implements WireValue {
  NONE(""),
  DO_NOT_TRACK("DO_NOT_TRACK"),
  CI("CI"),
  MCPPROXY_TELEMETRY("MCPPROXY_TELEMETRY=false");

  private final String wireName;

  EnvDisabledReason(String wireName) {
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
  public static Optional<EnvDisabledReason> fromWireName(String wireName) {
    return WireValues.find(EnvDisabledReason.class, wireName);
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
