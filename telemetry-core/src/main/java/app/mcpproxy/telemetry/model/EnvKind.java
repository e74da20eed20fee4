package app.mcpproxy.telemetry.model;

import java.util.Optional;

/** The kind of environment the process runs in, decided once per process. */
public enum EnvKind implements WireValue {
  INTERACTIVE("interactive"),
  CI("ci"),
  CLOUD_IDE("cloud_ide"),
  CONTAINER("container"),
  HEADLESS("headless"),
  UNKNOWN("unknown");

  private final String wireName;

  EnvKind(String wireName) {
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
  public static Optional<EnvKind> fromWireName(String wireName) {
    return WireValues.find(EnvKind.class, wireName);
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
