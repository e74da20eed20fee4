package app.mcpproxy.telemetry.model;

import java.util.Optional;

/** The product edition of the host. */
public enum Edition implements WireValue {
  PERSONAL("personal"),
  SERVER("server");

  private final String wireName;

  Edition(String wireName) {
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
  public static Optional<Edition> fromWireName(String wireName) {
    return WireValues.find(Edition.class, wireName);
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
