package app.mcpproxy.telemetry.testing;

import app.mcpproxy.telemetry.model.ActivationState;
import app.mcpproxy.telemetry.model.BuiltinTool;
import app.mcpproxy.telemetry.model.DoctorCounts;
import app.mcpproxy.telemetry.model.Edition;
import app.mcpproxy.telemetry.model.EnvKind;
import app.mcpproxy.telemetry.model.EnvMarkers;
import app.mcpproxy.telemetry.model.ErrorCategory;
import app.mcpproxy.telemetry.model.FeatureFlagSnapshot;
import app.mcpproxy.telemetry.model.HeartbeatPayload;
import app.mcpproxy.telemetry.model.LaunchSource;
import app.mcpproxy.telemetry.model.StartupOutcome;
import app.mcpproxy.telemetry.model.Surface;
import app.mcpproxy.telemetry.payload.PayloadWriter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Valid heartbeats for tests and benchmarks: each starts as a {@link HeartbeatPayload.Builder}, so
 * a test changes only the fields it is about, and turns into the exact bytes the library sends with
 * {@link #json} or into a mutable tree with {@link #tree}.
 *
 * <ul>
 *   <li>{@link #minimal()}: only the fields that are always present.
 *   <li>{@link #full()}: every field set, with a few entries per map.
 *   <li>{@link #everyWireValue()}: the largest heartbeat a real install sends: every surface,
 *       built-in tool and error category, thirty REST routes, sixteen clients.
 * </ul>
 */
public final class HeartbeatFixture {
  /** The anonymous id of {@link #minimal()} and {@link #full()}. */
  public static final String ANONYMOUS_ID = "0b7c6e58-3f1d-4c1a-9a7e-2f4d5b6c7d8e";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static final List<String> REST_ROUTES =
      List.of(
          "GET /api/v1/servers",
          "POST /api/v1/servers",
          "GET /api/v1/servers/{id}",
          "DELETE /api/v1/servers/{id}",
          "POST /api/v1/servers/{id}/enable",
          "POST /api/v1/servers/{id}/disable",
          "POST /api/v1/servers/{id}/restart",
          "GET /api/v1/servers/{id}/tools",
          "GET /api/v1/servers/{id}/logs",
          "GET /api/v1/tools",
          "GET /api/v1/tools/search",
          "POST /api/v1/tools/call",
          "GET /api/v1/config",
          "PUT /api/v1/config",
          "GET /api/v1/status",
          "GET /api/v1/info",
          "GET /api/v1/activity",
          "GET /api/v1/activity/{id}",
          "GET /api/v1/secrets",
          "POST /api/v1/secrets",
          "DELETE /api/v1/secrets/{name}",
          "GET /api/v1/quarantine",
          "POST /api/v1/quarantine/{id}/approve",
          "GET /api/v1/doctor",
          "POST /api/v1/doctor/run",
          "GET /api/v1/telemetry/payload",
          "GET /api/v1/tokens",
          "POST /api/v1/tokens",
          "GET /events",
          "UNMATCHED");

  private static final List<String> CLIENTS =
      List.of(
          "claude-code",
          "cursor",
          "vscode",
          "windsurf",
          "zed",
          "cline",
          "continue",
          "goose",
          "codex",
          "gemini-cli",
          "jetbrains",
          "neovim",
          "emacs",
          "opencode",
          "amp",
          "unknown");

  private static final List<String> DOCTOR_CHECKS =
      List.of(
          "docker_daemon",
          "config_valid",
          "port_available",
          "upstream_reachable",
          "oauth_tokens",
          "disk_space");

  private HeartbeatFixture() {}

  /**
   * A heartbeat with only the fields that are always present; {@code schema_version} keeps its
   * default.
   *
   * @return a new builder
   */
  public static HeartbeatPayload.Builder minimal() {
    return HeartbeatPayload.builder()
        .anonymousId(ANONYMOUS_ID)
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

  /**
   * A heartbeat with every field set to a non-empty value.
   *
   * @return a new builder
   */
  public static HeartbeatPayload.Builder full() {
    return HeartbeatPayload.builder()
        .anonymousId(ANONYMOUS_ID)
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

  /**
   * The largest heartbeat a real install sends: every surface, built-in tool and error category
   * counted, thirty REST routes with their status classes, six doctor checks, sixteen clients; the
   * autostart state unknown.
   *
   * @return a new builder
   */
  public static HeartbeatPayload.Builder everyWireValue() {
    Map<String, Long> surfaces = new LinkedHashMap<>();
    for (Surface surface : Surface.values()) {
      surfaces.put(surface.wireName(), 100L + surface.ordinal());
    }
    Map<String, Long> tools = new LinkedHashMap<>();
    for (BuiltinTool tool : BuiltinTool.values()) {
      tools.put(tool.wireName(), 10L * (tool.ordinal() + 1));
    }
    Map<String, Map<String, Long>> rest = new LinkedHashMap<>();
    for (int i = 0; i < REST_ROUTES.size(); i++) {
      Map<String, Long> classes = new LinkedHashMap<>();
      classes.put("2xx", 40L + i);
      if (i % 3 == 0) {
        classes.put("4xx", (long) i);
      }
      if (i % 7 == 0) {
        classes.put("5xx", 1L);
      }
      rest.put(REST_ROUTES.get(i), classes);
    }
    Map<String, Long> errors = new LinkedHashMap<>();
    for (ErrorCategory category : ErrorCategory.values()) {
      errors.put(category.wireName(), 1L + category.ordinal());
    }
    Map<String, DoctorCounts> doctor = new LinkedHashMap<>();
    DOCTOR_CHECKS.forEach(check -> doctor.put(check, new DoctorCounts(5, 1)));
    return HeartbeatPayload.builder()
        .anonymousId("7c9e6679-7425-40de-944b-e07fc1f90ae7")
        .version("v0.25.1")
        .edition(Edition.SERVER)
        .os("linux")
        .arch("amd64")
        .goVersion("java17.0.15")
        .serverCount(12)
        .connectedServerCount(9)
        .toolCount(214)
        .uptimeHours(71)
        .routingMode("retrieve_tools")
        .quarantineEnabled(true)
        .timestamp(Instant.parse("2025-11-24T15:31:00Z"))
        .anonymousIdCreatedAt(Instant.parse("2025-01-02T03:04:05Z"))
        .currentVersion("v0.25.1")
        .previousVersion("v0.24.7")
        .lastStartupOutcome(StartupOutcome.SUCCESS)
        .surfaceRequests(surfaces)
        .builtinToolCalls(tools)
        .upstreamToolCallCountBucket("101-1000")
        .restEndpointCalls(rest)
        .featureFlags(
            new FeatureFlagSnapshot(
                true,
                true,
                false,
                false,
                true,
                true,
                true,
                List.of("generic", "github", "google", "microsoft"),
                true))
        .errorCategoryCounts(errors)
        .doctorChecks(doctor)
        .serverProtocolCounts(
            Map.of("stdio", 6, "http", 3, "sse", 1, "streamable_http", 2, "auto", 0))
        .serverDockerIsolatedCount(4)
        .envKind(EnvKind.INTERACTIVE)
        .envMarkers(new EnvMarkers(false, false, false, true, true))
        .activation(new ActivationState(true, true, true, CLIENTS, 42, "10k_100k", 3))
        .launchSource(LaunchSource.TRAY)
        .autostartEnabled(null);
  }

  /**
   * The exact bytes the library sends for a heartbeat.
   *
   * @param payload the heartbeat
   * @return its UTF-8 JSON
   */
  public static byte[] json(HeartbeatPayload payload) {
    return PayloadWriter.toJson(payload);
  }

  /**
   * The JSON the library sends for a heartbeat, as a tree a test may change.
   *
   * @param payload the heartbeat
   * @return a new tree
   */
  public static ObjectNode tree(HeartbeatPayload payload) {
    try {
      return (ObjectNode) MAPPER.readTree(json(payload));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A tree as UTF-8 JSON bytes.
   *
   * @param tree the tree
   * @return its bytes
   */
  public static byte[] bytes(ObjectNode tree) {
    try {
      return MAPPER.writeValueAsBytes(tree);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
