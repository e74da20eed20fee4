package app.mcpproxy.telemetry.collector;

import app.mcpproxy.telemetry.model.ActivationState;
import app.mcpproxy.telemetry.model.DoctorCounts;
import app.mcpproxy.telemetry.model.Edition;
import app.mcpproxy.telemetry.model.FeatureFlagSnapshot;
import app.mcpproxy.telemetry.model.LaunchSource;
import app.mcpproxy.telemetry.testing.HeartbeatFixture;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The shared heartbeat fixture as these tests post it, as mutable JSON trees: {@link #complete()}
 * is one install with the counts the statistics tests add up, {@link #minimal()} a Go client that
 * sends only the fields that are always present.
 */
public final class TestHeartbeats {
  public static final ObjectMapper MAPPER = new ObjectMapper();

  /** The install every heartbeat here comes from, unless a test changes it. */
  public static final String INSTALL = "0f8fad5b-d9cb-469f-a165-70867728950e";

  private static final Instant SENT = Instant.parse("2025-03-01T10:00:00Z");

  private TestHeartbeats() {}

  /** A heartbeat with every optional field present. */
  public static ObjectNode complete() {
    return HeartbeatFixture.tree(
        HeartbeatFixture.full()
            .anonymousId(INSTALL)
            .edition(Edition.PERSONAL)
            .os("linux")
            .arch("amd64")
            .serverCount(3)
            .connectedServerCount(2)
            .toolCount(41)
            .uptimeHours(5)
            .timestamp(SENT)
            .anonymousIdCreatedAt(Instant.parse("2025-02-01T09:00:00Z"))
            .previousVersion("v0.24.0")
            .surfaceRequests(Map.of("cli", 2L, "mcp", 40L, "tray", 1L, "unknown", 0L, "webui", 3L))
            .builtinToolCalls(Map.of("retrieve_tools", 12L, "call_tool_read", 7L))
            .restEndpointCalls(
                Map.of("GET /api/v1/servers", Map.of("2xx", 4L), "UNMATCHED", Map.of("4xx", 1L)))
            .featureFlags(
                new FeatureFlagSnapshot(
                    true, true, false, false, false, true, true, List.of("github", "google"), true))
            .errorCategoryCounts(Map.of("upstream_connect_timeout", 2L))
            .doctorChecks(Map.of("docker_daemon", new DoctorCounts(1, 0)))
            .serverProtocolCounts(
                Map.of("stdio", 2, "http", 1, "sse", 0, "streamable_http", 0, "auto", 0))
            .serverDockerIsolatedCount(1)
            .activation(
                new ActivationState(
                    true, true, false, List.of("claude-desktop", "cursor"), 0, "0", 2))
            .launchSource(LaunchSource.CLI)
            .autostartEnabled(null)
            .build());
  }

  /** A heartbeat of the Go client with only the fields that are always present. */
  public static ObjectNode minimal() {
    return HeartbeatFixture.tree(
        HeartbeatFixture.minimal()
            .anonymousId(INSTALL)
            .edition(Edition.SERVER)
            .os("darwin")
            .arch("arm64")
            .goVersion("go1.23.4")
            .routingMode("direct")
            .quarantineEnabled(false)
            .timestamp(SENT)
            .autostartEnabled(false)
            .build());
  }

  /** A complete heartbeat of a new random install. */
  public static ObjectNode ofNewInstall() {
    return complete().put("anonymous_id", UUID.randomUUID().toString());
  }

  public static byte[] bytes(ObjectNode heartbeat) {
    return HeartbeatFixture.bytes(heartbeat);
  }
}
