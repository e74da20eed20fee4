package app.mcpproxy.telemetry.model;

/** A member of a fixed vocabulary, with the exact string it has on the wire. */
public interface WireValue {
  /**
   * Returns the string this value has in the JSON payload.
   *
   * @return the wire string, never {@code null}
   */
  String wireName();
}
