package app.mcpproxy.telemetry.privacy;

import app.mcpproxy.telemetry.model.BuiltinTool;
import app.mcpproxy.telemetry.model.ErrorCategory;
import app.mcpproxy.telemetry.model.Surface;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A fully populated heartbeat as the payload writer produces it, for tests. */
final class HeartbeatJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private HeartbeatJson() {}

  static Map<String, Object> fullHeartbeat() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("anonymous_id", "7c9e6679-7425-40de-944b-e07fc1f90ae7");
    p.put("version", "v0.25.1");
    p.put("edition", "server");
    p.put("os", "linux");
    p.put("arch", "amd64");
    p.put("go_version", "java17.0.15");
    p.put("server_count", 12);
    p.put("connected_server_count", 9);
    p.put("tool_count", 214);
    p.put("uptime_hours", 71);
    p.put("routing_mode", "retrieve_tools");
    p.put("quarantine_enabled", true);
    p.put("timestamp", "2025-11-24T15:31:00Z");
    p.put("schema_version", 3);
    p.put("anonymous_id_created_at", "2025-01-02T03:04:05Z");
    p.put("current_version", "v0.25.1");
    p.put("previous_version", "v0.24.7");
    p.put("last_startup_outcome", "success");
    Map<String, Long> surfaces = new LinkedHashMap<>();
    for (Surface surface : Surface.values()) {
      surfaces.put(surface.wireName(), 100L + surface.ordinal());
    }
    p.put("surface_requests", surfaces);
    Map<String, Long> tools = new LinkedHashMap<>();
    for (BuiltinTool tool : BuiltinTool.values()) {
      tools.put(tool.wireName(), 10L * (tool.ordinal() + 1));
    }
    p.put("builtin_tool_calls", tools);
    p.put("upstream_tool_call_count_bucket", "101-1000");
    Map<String, Object> rest = new LinkedHashMap<>();
    String[] routes = {
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
      "UNMATCHED"
    };
    for (int i = 0; i < routes.length; i++) {
      Map<String, Long> classes = new LinkedHashMap<>();
      classes.put("2xx", 40L + i);
      if (i % 3 == 0) {
        classes.put("4xx", (long) i);
      }
      if (i % 7 == 0) {
        classes.put("5xx", 1L);
      }
      rest.put(routes[i], classes);
    }
    p.put("rest_endpoint_calls", rest);
    Map<String, Object> flags = new LinkedHashMap<>();
    flags.put("enable_socket", true);
    flags.put("enable_web_ui", true);
    flags.put("enable_prompts", false);
    flags.put("require_mcp_auth", false);
    flags.put("enable_code_execution", true);
    flags.put("quarantine_enabled", true);
    flags.put("sensitive_data_detection_enabled", true);
    flags.put("oauth_provider_types", List.of("generic", "github", "google", "microsoft"));
    flags.put("docker_available", true);
    p.put("feature_flags", flags);
    Map<String, Long> errors = new LinkedHashMap<>();
    for (ErrorCategory category : ErrorCategory.values()) {
      errors.put(category.wireName(), 1L + category.ordinal());
    }
    p.put("error_category_counts", errors);
    Map<String, Object> doctor = new LinkedHashMap<>();
    for (String check :
        List.of(
            "docker_daemon",
            "config_valid",
            "port_available",
            "upstream_reachable",
            "oauth_tokens",
            "disk_space")) {
      doctor.put(check, Map.of("pass", 5, "fail", 1));
    }
    p.put("doctor_checks", doctor);
    p.put(
        "server_protocol_counts",
        Map.of("stdio", 6, "http", 3, "sse", 1, "streamable_http", 2, "auto", 0));
    p.put("server_docker_isolated_count", 4);
    p.put("env_kind", "interactive");
    Map<String, Object> markers = new LinkedHashMap<>();
    markers.put("has_ci_env", false);
    markers.put("has_cloud_ide_env", false);
    markers.put("is_container", false);
    markers.put("has_tty", true);
    markers.put("has_display", true);
    p.put("env_markers", markers);
    Map<String, Object> activation = new LinkedHashMap<>();
    activation.put("first_connected_server_ever", true);
    activation.put("first_mcp_client_ever", true);
    activation.put("first_retrieve_tools_call_ever", true);
    List<String> clients = new ArrayList<>();
    for (String client :
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
            "unknown")) {
      clients.add(client);
    }
    activation.put("mcp_clients_seen_ever", clients);
    activation.put("retrieve_tools_calls_24h", 42);
    activation.put("estimated_tokens_saved_24h_bucket", "10k_100k");
    activation.put("configured_ide_count", 3);
    p.put("activation", activation);
    p.put("launch_source", "tray");
    p.put("autostart_enabled", null);
    return p;
  }

  static byte[] bytes(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] fullHeartbeatBytes() {
    return bytes(fullHeartbeat());
  }

  static byte[] utf8(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }
}
