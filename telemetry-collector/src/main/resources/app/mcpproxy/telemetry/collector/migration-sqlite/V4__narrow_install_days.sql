-- Install-days in narrow columns, so that a year of a fleet stays small: rows keyed by the
-- install's integer id (install_ids) and the day as days since 1970-01-01; text dimensions as codes
-- of one dictionary; the nullable flags packed two bits each into one integer (bit 2i: reported,
-- bit 2i+1: true, in the order of the view below); a counter that is zero stored as NULL. The raw
-- JSON of the raw window lives apart in raw_heartbeats, dropped by day when it ages out.
-- The view heartbeats shows the rows as they were stored before, decoded.

CREATE TABLE dictionary (
  code INTEGER PRIMARY KEY,
  value TEXT NOT NULL UNIQUE
);

INSERT INTO dictionary (value)
SELECT v FROM (
SELECT version AS v FROM heartbeats
  UNION SELECT current_version FROM heartbeats
  UNION SELECT previous_version FROM heartbeats
  UNION SELECT edition FROM heartbeats
  UNION SELECT os FROM heartbeats
  UNION SELECT arch FROM heartbeats
  UNION SELECT go_version FROM heartbeats
  UNION SELECT routing_mode FROM heartbeats
  UNION SELECT env_kind FROM heartbeats
  UNION SELECT launch_source FROM heartbeats
  UNION SELECT last_startup_outcome FROM heartbeats
  UNION SELECT upstream_tool_call_count_bucket FROM heartbeats
) AS t WHERE v IS NOT NULL ORDER BY v;

INSERT INTO install_ids (anonymous_id)
SELECT DISTINCT h.anonymous_id FROM heartbeats h
WHERE NOT EXISTS (SELECT 1 FROM install_ids i WHERE i.anonymous_id = h.anonymous_id);

CREATE TABLE install_days (
  day INTEGER NOT NULL,
  install INTEGER NOT NULL,
  schema_version INTEGER NOT NULL,
  version INTEGER NOT NULL,
  current_version INTEGER,
  previous_version INTEGER NOT NULL,
  edition INTEGER NOT NULL,
  os INTEGER NOT NULL,
  arch INTEGER NOT NULL,
  go_version INTEGER NOT NULL,
  routing_mode INTEGER NOT NULL,
  env_kind INTEGER,
  launch_source INTEGER,
  last_startup_outcome INTEGER,
  upstream_tool_call_count_bucket INTEGER,
  server_count INTEGER NOT NULL,
  connected_server_count INTEGER NOT NULL,
  tool_count INTEGER NOT NULL,
  server_docker_isolated_count INTEGER NOT NULL,
  uptime_hours INTEGER NOT NULL,
  flags INTEGER NOT NULL,
  surface_mcp INTEGER,
  surface_cli INTEGER,
  surface_webui INTEGER,
  surface_tray INTEGER,
  surface_unknown INTEGER,
  tool_retrieve_tools INTEGER,
  tool_call_tool_read INTEGER,
  tool_call_tool_write INTEGER,
  tool_call_tool_destructive INTEGER,
  tool_upstream_servers INTEGER,
  tool_quarantine_security INTEGER,
  tool_code_execution INTEGER,
  error_oauth_refresh_failed INTEGER,
  error_oauth_token_expired INTEGER,
  error_upstream_connect_timeout INTEGER,
  error_upstream_connect_refused INTEGER,
  error_upstream_handshake_failed INTEGER,
  error_tool_quarantine_blocked INTEGER,
  error_docker_pull_failed INTEGER,
  error_docker_run_failed INTEGER,
  error_index_rebuild_failed INTEGER,
  error_config_reload_failed INTEGER,
  error_socket_bind_failed INTEGER,
  PRIMARY KEY (install, day)
) WITHOUT ROWID;

CREATE INDEX install_days_by_day ON install_days (day);

INSERT INTO install_days (day, install, schema_version, version, current_version, previous_version, edition, os, arch, go_version, routing_mode, env_kind, launch_source, last_startup_outcome, upstream_tool_call_count_bucket, server_count, connected_server_count, tool_count, server_docker_isolated_count, uptime_hours, flags, surface_mcp, surface_cli, surface_webui, surface_tray, surface_unknown, tool_retrieve_tools, tool_call_tool_read, tool_call_tool_write, tool_call_tool_destructive, tool_upstream_servers, tool_quarantine_security, tool_code_execution, error_oauth_refresh_failed, error_oauth_token_expired, error_upstream_connect_timeout, error_upstream_connect_refused, error_upstream_handshake_failed, error_tool_quarantine_blocked, error_docker_pull_failed, error_docker_run_failed, error_index_rebuild_failed, error_config_reload_failed, error_socket_bind_failed)
SELECT
  CAST(julianday(h.day) - 2440587.5 AS INTEGER),
  i.id,
  h.schema_version,
  (SELECT code FROM dictionary WHERE value = h.version),
  (SELECT code FROM dictionary WHERE value = h.current_version),
  (SELECT code FROM dictionary WHERE value = h.previous_version),
  (SELECT code FROM dictionary WHERE value = h.edition),
  (SELECT code FROM dictionary WHERE value = h.os),
  (SELECT code FROM dictionary WHERE value = h.arch),
  (SELECT code FROM dictionary WHERE value = h.go_version),
  (SELECT code FROM dictionary WHERE value = h.routing_mode),
  (SELECT code FROM dictionary WHERE value = h.env_kind),
  (SELECT code FROM dictionary WHERE value = h.launch_source),
  (SELECT code FROM dictionary WHERE value = h.last_startup_outcome),
  (SELECT code FROM dictionary WHERE value = h.upstream_tool_call_count_bucket),
  h.server_count,
  h.connected_server_count,
  h.tool_count,
  h.server_docker_isolated_count,
  h.uptime_hours,
  (CASE WHEN h.quarantine_enabled IS NULL THEN 0 WHEN h.quarantine_enabled = 1 THEN 3 ELSE 1 END) * 1
    + (CASE WHEN h.autostart_enabled IS NULL THEN 0 WHEN h.autostart_enabled = 1 THEN 3 ELSE 1 END) * 4
    + (CASE WHEN h.activation_connected_server IS NULL THEN 0 WHEN h.activation_connected_server = 1 THEN 3 ELSE 1 END) * 16
    + (CASE WHEN h.activation_mcp_client IS NULL THEN 0 WHEN h.activation_mcp_client = 1 THEN 3 ELSE 1 END) * 64
    + (CASE WHEN h.activation_retrieve_tools_call IS NULL THEN 0 WHEN h.activation_retrieve_tools_call = 1 THEN 3 ELSE 1 END) * 256
    + (CASE WHEN h.flag_enable_socket IS NULL THEN 0 WHEN h.flag_enable_socket = 1 THEN 3 ELSE 1 END) * 1024
    + (CASE WHEN h.flag_enable_web_ui IS NULL THEN 0 WHEN h.flag_enable_web_ui = 1 THEN 3 ELSE 1 END) * 4096
    + (CASE WHEN h.flag_enable_prompts IS NULL THEN 0 WHEN h.flag_enable_prompts = 1 THEN 3 ELSE 1 END) * 16384
    + (CASE WHEN h.flag_require_mcp_auth IS NULL THEN 0 WHEN h.flag_require_mcp_auth = 1 THEN 3 ELSE 1 END) * 65536
    + (CASE WHEN h.flag_enable_code_execution IS NULL THEN 0 WHEN h.flag_enable_code_execution = 1 THEN 3 ELSE 1 END) * 262144
    + (CASE WHEN h.flag_quarantine_enabled IS NULL THEN 0 WHEN h.flag_quarantine_enabled = 1 THEN 3 ELSE 1 END) * 1048576
    + (CASE WHEN h.flag_sensitive_data_detection_enabled IS NULL THEN 0 WHEN h.flag_sensitive_data_detection_enabled = 1 THEN 3 ELSE 1 END) * 4194304
    + (CASE WHEN h.flag_docker_available IS NULL THEN 0 WHEN h.flag_docker_available = 1 THEN 3 ELSE 1 END) * 16777216
    + (CASE WHEN h.flag_oauth_google IS NULL THEN 0 WHEN h.flag_oauth_google = 1 THEN 3 ELSE 1 END) * 67108864
    + (CASE WHEN h.flag_oauth_github IS NULL THEN 0 WHEN h.flag_oauth_github = 1 THEN 3 ELSE 1 END) * 268435456
    + (CASE WHEN h.flag_oauth_microsoft IS NULL THEN 0 WHEN h.flag_oauth_microsoft = 1 THEN 3 ELSE 1 END) * 1073741824
    + (CASE WHEN h.flag_oauth_generic IS NULL THEN 0 WHEN h.flag_oauth_generic = 1 THEN 3 ELSE 1 END) * 4294967296,
  NULLIF(h.surface_mcp, 0),
  NULLIF(h.surface_cli, 0),
  NULLIF(h.surface_webui, 0),
  NULLIF(h.surface_tray, 0),
  NULLIF(h.surface_unknown, 0),
  NULLIF(h.tool_retrieve_tools, 0),
  NULLIF(h.tool_call_tool_read, 0),
  NULLIF(h.tool_call_tool_write, 0),
  NULLIF(h.tool_call_tool_destructive, 0),
  NULLIF(h.tool_upstream_servers, 0),
  NULLIF(h.tool_quarantine_security, 0),
  NULLIF(h.tool_code_execution, 0),
  NULLIF(h.error_oauth_refresh_failed, 0),
  NULLIF(h.error_oauth_token_expired, 0),
  NULLIF(h.error_upstream_connect_timeout, 0),
  NULLIF(h.error_upstream_connect_refused, 0),
  NULLIF(h.error_upstream_handshake_failed, 0),
  NULLIF(h.error_tool_quarantine_blocked, 0),
  NULLIF(h.error_docker_pull_failed, 0),
  NULLIF(h.error_docker_run_failed, 0),
  NULLIF(h.error_index_rebuild_failed, 0),
  NULLIF(h.error_config_reload_failed, 0),
  NULLIF(h.error_socket_bind_failed, 0)
FROM heartbeats h JOIN install_ids i ON i.anonymous_id = h.anonymous_id;

CREATE TABLE raw_heartbeats (
  day INTEGER NOT NULL,
  install INTEGER NOT NULL,
  payload TEXT NOT NULL,
  counters TEXT,
  idempotency_keys TEXT,
  PRIMARY KEY (day, install)
);

INSERT INTO raw_heartbeats (day, install, payload, counters, idempotency_keys)
SELECT CAST(julianday(h.day) - 2440587.5 AS INTEGER), i.id, h.payload, h.counters, h.idempotency_keys
FROM heartbeats h JOIN install_ids i ON i.anonymous_id = h.anonymous_id
WHERE h.payload <> '';

DROP TABLE heartbeats;

CREATE VIEW heartbeats AS
SELECT
  date(d.day * 86400, 'unixepoch') AS day,
  i.anonymous_id,
  d.schema_version,
  (SELECT value FROM dictionary WHERE code = d.version) AS version,
  (SELECT value FROM dictionary WHERE code = d.current_version) AS current_version,
  (SELECT value FROM dictionary WHERE code = d.previous_version) AS previous_version,
  (SELECT value FROM dictionary WHERE code = d.edition) AS edition,
  (SELECT value FROM dictionary WHERE code = d.os) AS os,
  (SELECT value FROM dictionary WHERE code = d.arch) AS arch,
  (SELECT value FROM dictionary WHERE code = d.go_version) AS go_version,
  (SELECT value FROM dictionary WHERE code = d.routing_mode) AS routing_mode,
  (SELECT value FROM dictionary WHERE code = d.env_kind) AS env_kind,
  (SELECT value FROM dictionary WHERE code = d.launch_source) AS launch_source,
  (SELECT value FROM dictionary WHERE code = d.last_startup_outcome) AS last_startup_outcome,
  (SELECT value FROM dictionary WHERE code = d.upstream_tool_call_count_bucket) AS upstream_tool_call_count_bucket,
  d.server_count,
  d.connected_server_count,
  d.tool_count,
  d.uptime_hours,
  CASE WHEN (d.flags >> 0) & 1 = 0 THEN NULL ELSE ((d.flags >> 1) & 1) END AS quarantine_enabled,
  CASE WHEN (d.flags >> 2) & 1 = 0 THEN NULL ELSE ((d.flags >> 3) & 1) END AS autostart_enabled,
  d.server_docker_isolated_count,
  CASE WHEN (d.flags >> 4) & 1 = 0 THEN NULL ELSE ((d.flags >> 5) & 1) END AS activation_connected_server,
  CASE WHEN (d.flags >> 6) & 1 = 0 THEN NULL ELSE ((d.flags >> 7) & 1) END AS activation_mcp_client,
  CASE WHEN (d.flags >> 8) & 1 = 0 THEN NULL ELSE ((d.flags >> 9) & 1) END AS activation_retrieve_tools_call,
  CASE WHEN (d.flags >> 10) & 1 = 0 THEN NULL ELSE ((d.flags >> 11) & 1) END AS flag_enable_socket,
  CASE WHEN (d.flags >> 12) & 1 = 0 THEN NULL ELSE ((d.flags >> 13) & 1) END AS flag_enable_web_ui,
  CASE WHEN (d.flags >> 14) & 1 = 0 THEN NULL ELSE ((d.flags >> 15) & 1) END AS flag_enable_prompts,
  CASE WHEN (d.flags >> 16) & 1 = 0 THEN NULL ELSE ((d.flags >> 17) & 1) END AS flag_require_mcp_auth,
  CASE WHEN (d.flags >> 18) & 1 = 0 THEN NULL ELSE ((d.flags >> 19) & 1) END AS flag_enable_code_execution,
  CASE WHEN (d.flags >> 20) & 1 = 0 THEN NULL ELSE ((d.flags >> 21) & 1) END AS flag_quarantine_enabled,
  CASE WHEN (d.flags >> 22) & 1 = 0 THEN NULL ELSE ((d.flags >> 23) & 1) END AS flag_sensitive_data_detection_enabled,
  CASE WHEN (d.flags >> 24) & 1 = 0 THEN NULL ELSE ((d.flags >> 25) & 1) END AS flag_docker_available,
  CASE WHEN (d.flags >> 26) & 1 = 0 THEN NULL ELSE ((d.flags >> 27) & 1) END AS flag_oauth_google,
  CASE WHEN (d.flags >> 28) & 1 = 0 THEN NULL ELSE ((d.flags >> 29) & 1) END AS flag_oauth_github,
  CASE WHEN (d.flags >> 30) & 1 = 0 THEN NULL ELSE ((d.flags >> 31) & 1) END AS flag_oauth_microsoft,
  CASE WHEN (d.flags >> 32) & 1 = 0 THEN NULL ELSE ((d.flags >> 33) & 1) END AS flag_oauth_generic,
  COALESCE(d.surface_mcp, 0) AS surface_mcp,
  COALESCE(d.surface_cli, 0) AS surface_cli,
  COALESCE(d.surface_webui, 0) AS surface_webui,
  COALESCE(d.surface_tray, 0) AS surface_tray,
  COALESCE(d.surface_unknown, 0) AS surface_unknown,
  COALESCE(d.tool_retrieve_tools, 0) AS tool_retrieve_tools,
  COALESCE(d.tool_call_tool_read, 0) AS tool_call_tool_read,
  COALESCE(d.tool_call_tool_write, 0) AS tool_call_tool_write,
  COALESCE(d.tool_call_tool_destructive, 0) AS tool_call_tool_destructive,
  COALESCE(d.tool_upstream_servers, 0) AS tool_upstream_servers,
  COALESCE(d.tool_quarantine_security, 0) AS tool_quarantine_security,
  COALESCE(d.tool_code_execution, 0) AS tool_code_execution,
  COALESCE(d.error_oauth_refresh_failed, 0) AS error_oauth_refresh_failed,
  COALESCE(d.error_oauth_token_expired, 0) AS error_oauth_token_expired,
  COALESCE(d.error_upstream_connect_timeout, 0) AS error_upstream_connect_timeout,
  COALESCE(d.error_upstream_connect_refused, 0) AS error_upstream_connect_refused,
  COALESCE(d.error_upstream_handshake_failed, 0) AS error_upstream_handshake_failed,
  COALESCE(d.error_tool_quarantine_blocked, 0) AS error_tool_quarantine_blocked,
  COALESCE(d.error_docker_pull_failed, 0) AS error_docker_pull_failed,
  COALESCE(d.error_docker_run_failed, 0) AS error_docker_run_failed,
  COALESCE(d.error_index_rebuild_failed, 0) AS error_index_rebuild_failed,
  COALESCE(d.error_config_reload_failed, 0) AS error_config_reload_failed,
  COALESCE(d.error_socket_bind_failed, 0) AS error_socket_bind_failed,
  COALESCE(r.payload, '') AS payload,
  r.counters,
  r.idempotency_keys
FROM install_days d
JOIN install_ids i ON i.id = d.install
LEFT JOIN raw_heartbeats r ON r.day = d.day AND r.install = d.install;
