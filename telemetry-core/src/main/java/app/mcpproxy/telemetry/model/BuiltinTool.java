package app.mcpproxy.telemetry.model;

import java.util.Optional;

/** The proxy's own tools, the only tools counted by name. */
public enum BuiltinTool implements WireValue {
  RETRIEVE_TOOLS("retrieve_tools"),
  CALL_TOOL_READ("call_tool_read"),
  CALL_TOOL_WRITE("call_tool_write"),
  CALL_TOOL_DESTRUCTIVE("call_tool_destructive"),
  UPSTREAM_SERVERS("upstream_servers"),
  QUARANTINE_SECURITY("quarantine_security"),
  CODE_EXECUTION("code_execution");

  private final String wireName;

  BuiltinTool(String wireName) {
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
  public static Optional<BuiltinTool> fromWireName(String wireName) {
    return WireValues.find(BuiltinTool.class, wireName);
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
