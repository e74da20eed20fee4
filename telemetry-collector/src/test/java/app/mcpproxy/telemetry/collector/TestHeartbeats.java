package app.mcpproxy.telemetry.collector;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Valid v3 heartbeats for tests, as mutable JSON trees. */
public final class TestHeartbeats {
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private static final String COMPLETE =
      """
      {
        "anonymous_id": "0f8fad5b-d9cb-469f-a165-70867728950e",
        "version": "v0.25.0",
        "edition": "personal",
        "os": "linux",
        "arch": "amd64",
        "go_version": "java17.0.15",
        "server_count": 3,
        "connected_server_count": 2,
        "tool_count": 41,
        "uptime_hours": 5,
        "routing_mode": "retrieve_tools",
        "quarantine_enabled": true,
        "timestamp": "2025-03-01T10:00:00Z",
        "schema_version": 3,
        "anonymous_id_created_at": "2025-02-01T09:00:00Z",
        "current_version": "v0.25.0",
        "previous_version": "v0.24.0",
        "last_startup_outcome": "success",
        "surface_requests": {"cli": 2, "mcp": 40, "tray": 1, "unknown": 0, "webui": 3},
        "builtin_tool_calls": {"retrieve_tools": 12, "call_tool_read": 7},
        "upstream_tool_call_count_bucket": "11-100",
        "rest_endpoint_calls": {"GET /api/v1/servers": {"2xx": 4}, "UNMATCHED": {"4xx": 1}},
        "feature_flags": {
          "enable_socket": true,
          "enable_web_ui": true,
          "enable_prompts": false,
          "require_mcp_auth": false,
          "enable_code_execution": false,
          "quarantine_enabled": true,
          "sensitive_data_detection_enabled": true,
          "oauth_provider_types": ["github", "google"],
          "docker_available": true
        },
        "error_category_counts": {"upstream_connect_timeout": 2},
        "doctor_checks": {"docker_daemon": {"pass": 1, "fail": 0}},
        "server_protocol_counts": {"stdio": 2, "http": 1, "sse": 0, "streamable_http": 0, "auto": 0},
        "server_docker_isolated_count": 1,
        "env_kind": "interactive",
        "env_markers": {
          "has_ci_env": false,
          "has_cloud_ide_env": false,
          "is_container": false,
          "has_tty": true,
          "has_display": true
        },
        "activation": {
          "first_connected_server_ever": true,
          "first_mcp_client_ever": true,
          "first_retrieve_tools_call_ever": false,
          "mcp_clients_seen_ever": ["claude-desktop", "cursor"],
          "retrieve_tools_calls_24h": 0,
          "estimated_tokens_saved_24h_bucket": "0",
          "configured_ide_count": 2
        },
        "launch_source": "cli",
        "autostart_enabled": null
      }
      """;

  private static final String MINIMAL =
      """
      {
        "anonymous_id": "0f8fad5b-d9cb-469f-a165-70867728950e",
        "version": "v0.25.0",
        "edition": "server",
        "os": "darwin",
        "arch": "arm64",
        "go_version": "go1.23.4",
        "server_count": 0,
        "connected_server_count": 0,
        "tool_count": 0,
        "uptime_hours": 0,
        "routing_mode": "direct",
        "quarantine_enabled": false,
        "timestamp": "2025-03-01T10:00:00Z",
        "schema_version": 3,
        "previous_version": "",
        "autostart_enabled": false
      }
      """;

  private TestHeartbeats() {}

  /** A heartbeat with every optional field present. */
  public static ObjectNode complete() {
    return parse(COMPLETE);
  }

  /** A heartbeat with only the fields that are always present. */
  public static ObjectNode minimal() {
    return parse(MINIMAL);
  }

  /** A complete heartbeat of a new random install. */
  public static ObjectNode ofNewInstall() {
    return complete().put("anonymous_id", UUID.randomUUID().toString());
  }

  public static byte[] bytes(ObjectNode heartbeat) {
    return heartbeat.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static ObjectNode parse(String json) {
    try {
      return (ObjectNode) MAPPER.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
