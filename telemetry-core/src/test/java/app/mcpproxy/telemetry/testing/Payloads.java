package app.mcpproxy.telemetry.testing;

import app.mcpproxy.telemetry.model.ActivationState;
import app.mcpproxy.telemetry.model.DoctorCounts;
import app.mcpproxy.telemetry.model.Edition;
import app.mcpproxy.telemetry.model.EnvKind;
import app.mcpproxy.telemetry.model.EnvMarkers;
import app.mcpproxy.telemetry.model.FeatureFlagSnapshot;
import app.mcpproxy.telemetry.model.HeartbeatPayload;
import app.mcpproxy.telemetry.model.LaunchSource;
import app.mcpproxy.telemetry.model.StartupOutcome;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Heartbeat payloads for tests: one with only the required fields, one with every field set. */
public final class Payloads {
  private Payloads() {}

  /** A builder holding only the required fields; {@code schema_version} keeps its default 3. */
  public static HeartbeatPayload.Builder minimalBuilder() {
    return HeartbeatPayload.builder()
        .anonymousId("0b7c6e58-3f1d-4c1a-9a7e-2f4d5b6c7d8e")
        .version("v0.25.0")
        .edition(Edition.PERSONAL)
        .os("linux")
        .arch("amd64")
        .goVersion("java17.0.15")
        .serverCount(0)
        .connectedServerCount(0)
        .toolCount(0)
        .uptimeHours(0)
        .routingMode("retrieve_tools")
        .quarantineEnabled(true)
        .timestamp(Instant.parse("2026-11-24T15:31:48Z"));
  }

  /** The payload of {@link #minimalBuilder()}. */
  public static HeartbeatPayload minimal() {
    return minimalBuilder().build();
  }

  /** A builder with every field set to a non-empty value. */
  public static HeartbeatPayload.Builder fullBuilder() {
    return HeartbeatPayload.builder()
        .anonymousId("0b7c6e58-3f1d-4c1a-9a7e-2f4d5b6c7d8e")
        .version("v0.25.0")
        .edition(Edition.SERVER)
        .os("darwin")
        .arch("arm64")
        .goVersion("java17.0.15")
        .serverCount(12)
        .connectedServerCount(9)
        .toolCount(143)
        .uptimeHours(27)
        .routingMode("retrieve_tools")
        .quarantineEnabled(true)
        .timestamp(Instant.parse("2026-11-24T15:31:48.734Z"))
        .anonymousIdCreatedAt(Instant.parse("2026-01-02T03:04:05.9Z"))
        .currentVersion("v0.25.0")
        .previousVersion("v0.24.1")
        .lastStartupOutcome(StartupOutcome.SUCCESS)
        .surfaceRequests(Map.of("mcp", 120L, "cli", 4L, "webui", 9L, "tray", 2L, "unknown", 1L))
        .builtinToolCalls(Map.of("retrieve_tools", 40L, "call_tool_read", 12L))
        .upstreamToolCallCountBucket("11-100")
        .restEndpointCalls(
            Map.of(
                "GET /api/v1/servers", Map.of("2xx", 10L, "4xx", 1L),
                "UNMATCHED", Map.of("4xx", 2L)))
        .featureFlags(
            new FeatureFlagSnapshot(
                true, true, false, false, true, true, true, List.of("github", "google"), true))
        .errorCategoryCounts(Map.of("oauth_refresh_failed", 2L, "upstream_connect_timeout", 1L))
        .doctorChecks(Map.of("docker_daemon", new DoctorCounts(3, 1)))
        .serverProtocolCounts(
            Map.of("stdio", 5, "http", 3, "sse", 1, "streamable_http", 2, "auto", 1))
        .serverDockerIsolatedCount(4)
        .envKind(EnvKind.INTERACTIVE)
        .envMarkers(new EnvMarkers(false, false, false, true, true))
        .activation(
            new ActivationState(
                true, true, false, List.of("claude-desktop", "cursor"), 7, "1k_10k", 2))
        .launchSource(LaunchSource.TRAY)
        .autostartEnabled(true);
  }

  /** The payload of {@link #fullBuilder()}. */
  public static HeartbeatPayload full() {
    return fullBuilder().build();
  }
}
