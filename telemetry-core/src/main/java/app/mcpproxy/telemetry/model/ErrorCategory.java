package app.mcpproxy.telemetry.model;

import java.util.Optional;

/** A fixed category of error that may be counted; free-text errors never are. */
public enum ErrorCategory implements WireValue {
  OAUTH_REFRESH_FAILED("oauth_refresh_failed"),
  OAUTH_TOKEN_EXPIRED("oauth_token_expired"),
  UPSTREAM_CONNECT_TIMEOUT("upstream_connect_timeout"),
  UPSTREAM_CONNECT_REFUSED("upstream_connect_refused"),
  UPSTREAM_HANDSHAKE_FAILED("upstream_handshake_failed"),
  TOOL_QUARANTINE_BLOCKED("tool_quarantine_blocked"),
  DOCKER_PULL_FAILED("docker_pull_failed"),
  DOCKER_RUN_FAILED("docker_run_failed"),
  INDEX_REBUILD_FAILED("index_rebuild_failed"),
  CONFIG_RELOAD_FAILED("config_reload_failed"),
  SOCKET_BIND_FAILED("socket_bind_failed");

  private final String wireName;

  ErrorCategory(String wireName) {
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
  public static Optional<ErrorCategory> fromWireName(String wireName) {
    return WireValues.find(ErrorCategory.class, wireName);
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
