package app.mcpproxy.telemetry.model;

import java.util.List;

/**
 * The host's feature switches as reported in a heartbeat. OAuth providers are reported only by
 * type, never by URL, client id or tenant.
 *
 * @param enableSocket {@code enable_socket}
 * @param enableWebUi {@code features.enable_web_ui}
 * @param enablePrompts {@code enable_prompts}
 * @param requireMcpAuth {@code require_mcp_auth}
 * @param enableCodeExecution {@code enable_code_execution}
 * @param quarantineEnabled {@code quarantine_enabled}
 * @param sensitiveDataDetectionEnabled {@code sensitive_data_detection_enabled}
 * @param oauthProviderTypes sorted, distinct members of {@code google}, {@code github}, {@code
 *     microsoft}, {@code generic}
 * @param dockerAvailable whether a Docker daemon is reachable
 */
public record FeatureFlagSnapshot(
    boolean enableSocket,
    boolean enableWebUi,
    boolean enablePrompts,
    boolean requireMcpAuth,
    boolean enableCodeExecution,
    boolean quarantineEnabled,
    boolean sensitiveDataDetectionEnabled,
    List<String> oauthProviderTypes,
    boolean dockerAvailable) {

  /** Copies the provider list; {@code null} becomes empty. */
  public FeatureFlagSnapshot {
    oauthProviderTypes = oauthProviderTypes == null ? List.of() : List.copyOf(oauthProviderTypes);
  }

  /**
   * Returns a copy with {@code docker_available} set.
   *
   * @param available whether a Docker daemon is reachable
   * @return the copy
   */
  public FeatureFlagSnapshot withDockerAvailable(boolean available) {
    return new FeatureFlagSnapshot(
        enableSocket,
        enableWebUi,
        enablePrompts,
        requireMcpAuth,
        enableCodeExecution,
        quarantineEnabled,
        sensitiveDataDetectionEnabled,
        oauthProviderTypes,
        available);
  }
}
