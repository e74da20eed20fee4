package app.mcpproxy.telemetry.model;

/**
 * The field names of the heartbeat on the wire, in one place: the payload writer, the persisted
 * counters, the anonymity scanner's probes, the command line and the collector spell them from
 * here.
 */
public final class WireNames {
  // Top-level fields of the heartbeat.

  /** {@code anonymous_id}. */
  public static final String ANONYMOUS_ID = "anonymous_id";

  /** {@code anonymous_id_created_at}. */
  public static final String ANONYMOUS_ID_CREATED_AT = "anonymous_id_created_at";

  /** {@code version}. */
  public static final String VERSION = "version";

  /** {@code current_version}. */
  public static final String CURRENT_VERSION = "current_version";

  /** {@code previous_version}. */
  public static final String PREVIOUS_VERSION = "previous_version";

  /** {@code edition}. */
  public static final String EDITION = "edition";

  /** {@code os}. */
  public static final String OS = "os";

  /** {@code arch}. */
  public static final String ARCH = "arch";

  /** {@code go_version}. */
  public static final String GO_VERSION = "go_version";

  /** {@code server_count}. */
  public static final String SERVER_COUNT = "server_count";

  /** {@code connected_server_count}. */
  public static final String CONNECTED_SERVER_COUNT = "connected_server_count";

  /** {@code tool_count}. */
  public static final String TOOL_COUNT = "tool_count";

  /** {@code uptime_hours}. */
  public static final String UPTIME_HOURS = "uptime_hours";

  /** {@code routing_mode}. */
  public static final String ROUTING_MODE = "routing_mode";

  /** {@code quarantine_enabled}. */
  public static final String QUARANTINE_ENABLED = "quarantine_enabled";

  /** {@code timestamp}. */
  public static final String TIMESTAMP = "timestamp";

  /** {@code schema_version}. */
  public static final String SCHEMA_VERSION = "schema_version";

  /** {@code last_startup_outcome}. */
  public static final String LAST_STARTUP_OUTCOME = "last_startup_outcome";

  /** {@code surface_requests}. */
  public static final String SURFACE_REQUESTS = "surface_requests";

  /** {@code builtin_tool_calls}. */
  public static final String BUILTIN_TOOL_CALLS = "builtin_tool_calls";

  /** {@code upstream_tool_call_count_bucket}. */
  public static final String UPSTREAM_TOOL_CALL_COUNT_BUCKET = "upstream_tool_call_count_bucket";

  /** {@code rest_endpoint_calls}. */
  public static final String REST_ENDPOINT_CALLS = "rest_endpoint_calls";

  /** {@code feature_flags}. */
  public static final String FEATURE_FLAGS = "feature_flags";

  /** {@code error_category_counts}. */
  public static final String ERROR_CATEGORY_COUNTS = "error_category_counts";

  /** {@code doctor_checks}. */
  public static final String DOCTOR_CHECKS = "doctor_checks";

  /** {@code server_protocol_counts}. */
  public static final String SERVER_PROTOCOL_COUNTS = "server_protocol_counts";

  /** {@code server_docker_isolated_count}. */
  public static final String SERVER_DOCKER_ISOLATED_COUNT = "server_docker_isolated_count";

  /** {@code env_kind}. */
  public static final String ENV_KIND = "env_kind";

  /** {@code env_markers}. */
  public static final String ENV_MARKERS = "env_markers";

  /** {@code activation}. */
  public static final String ACTIVATION = "activation";

  /** {@code launch_source}. */
  public static final String LAUNCH_SOURCE = "launch_source";

  /** {@code autostart_enabled}. */
  public static final String AUTOSTART_ENABLED = "autostart_enabled";

  // Fields of FEATURE_FLAGS.

  /** {@code enable_socket}. */
  public static final String ENABLE_SOCKET = "enable_socket";

  /** {@code enable_web_ui}. */
  public static final String ENABLE_WEB_UI = "enable_web_ui";

  /** {@code enable_prompts}. */
  public static final String ENABLE_PROMPTS = "enable_prompts";

  /** {@code require_mcp_auth}. */
  public static final String REQUIRE_MCP_AUTH = "require_mcp_auth";

  /** {@code enable_code_execution}. */
  public static final String ENABLE_CODE_EXECUTION = "enable_code_execution";

  /** {@code sensitive_data_detection_enabled}. */
  public static final String SENSITIVE_DATA_DETECTION_ENABLED = "sensitive_data_detection_enabled";

  /** {@code oauth_provider_types}. */
  public static final String OAUTH_PROVIDER_TYPES = "oauth_provider_types";

  /** {@code docker_available}. */
  public static final String DOCKER_AVAILABLE = "docker_available";

  // Fields of each check in DOCTOR_CHECKS.

  /** {@code pass}. */
  public static final String PASS = "pass";

  /** {@code fail}. */
  public static final String FAIL = "fail";

  // Fields of ENV_MARKERS.

  /** {@code has_ci_env}. */
  public static final String HAS_CI_ENV = "has_ci_env";

  /** {@code has_cloud_ide_env}. */
  public static final String HAS_CLOUD_IDE_ENV = "has_cloud_ide_env";

  /** {@code is_container}. */
  public static final String IS_CONTAINER = "is_container";

  /** {@code has_tty}. */
  public static final String HAS_TTY = "has_tty";

  /** {@code has_display}. */
  public static final String HAS_DISPLAY = "has_display";

  // Fields of ACTIVATION.

  /** {@code first_connected_server_ever}. */
  public static final String FIRST_CONNECTED_SERVER_EVER = "first_connected_server_ever";

  /** {@code first_mcp_client_ever}. */
  public static final String FIRST_MCP_CLIENT_EVER = "first_mcp_client_ever";

  /** {@code first_retrieve_tools_call_ever}. */
  public static final String FIRST_RETRIEVE_TOOLS_CALL_EVER = "first_retrieve_tools_call_ever";

  /** {@code mcp_clients_seen_ever}. */
  public static final String MCP_CLIENTS_SEEN_EVER = "mcp_clients_seen_ever";

  /** {@code retrieve_tools_calls_24h}. */
  public static final String RETRIEVE_TOOLS_CALLS_24H = "retrieve_tools_calls_24h";

  /** {@code estimated_tokens_saved_24h_bucket}. */
  public static final String ESTIMATED_TOKENS_SAVED_24H_BUCKET =
      "estimated_tokens_saved_24h_bucket";

  /** {@code configured_ide_count}. */
  public static final String CONFIGURED_IDE_COUNT = "configured_ide_count";

  private WireNames() {}
}
