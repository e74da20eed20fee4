-- Runs unchanged on SQLite and PostgreSQL. Nothing taken from a request's headers or socket has a
-- column: no IP address, no user agent. Heartbeats keep no time of receipt finer than the UTC day.

-- One row per install per UTC day; a later heartbeat of the same day replaces the row.
CREATE TABLE heartbeats (
  day TEXT NOT NULL,
  anonymous_id TEXT NOT NULL,
  schema_version INTEGER NOT NULL,
  version TEXT NOT NULL,
  current_version TEXT,
  previous_version TEXT NOT NULL,
  edition TEXT NOT NULL,
  os TEXT NOT NULL,
  arch TEXT NOT NULL,
  go_version TEXT NOT NULL,
  routing_mode TEXT NOT NULL,
  env_kind TEXT,
  launch_source TEXT,
  last_startup_outcome TEXT,
  upstream_tool_call_count_bucket TEXT,
  server_count INTEGER NOT NULL,
  connected_server_count INTEGER NOT NULL,
  tool_count INTEGER NOT NULL,
  uptime_hours BIGINT NOT NULL,
  quarantine_enabled SMALLINT NOT NULL,
  autostart_enabled SMALLINT,
  server_docker_isolated_count INTEGER NOT NULL,
  activation_connected_server SMALLINT,
  activation_mcp_client SMALLINT,
  activation_retrieve_tools_call SMALLINT,
  flag_enable_socket SMALLINT,
  flag_enable_web_ui SMALLINT,
  flag_enable_prompts SMALLINT,
  flag_require_mcp_auth SMALLINT,
  flag_enable_code_execution SMALLINT,
  flag_quarantine_enabled SMALLINT,
  flag_sensitive_data_detection_enabled SMALLINT,
  flag_docker_available SMALLINT,
  flag_oauth_google SMALLINT,
  flag_oauth_github SMALLINT,
  flag_oauth_microsoft SMALLINT,
  flag_oauth_generic SMALLINT,
  surface_mcp BIGINT NOT NULL,
  surface_cli BIGINT NOT NULL,
  surface_webui BIGINT NOT NULL,
  surface_tray BIGINT NOT NULL,
  surface_unknown BIGINT NOT NULL,
  tool_retrieve_tools BIGINT NOT NULL,
  tool_call_tool_read BIGINT NOT NULL,
  tool_call_tool_write BIGINT NOT NULL,
  tool_call_tool_destructive BIGINT NOT NULL,
  tool_upstream_servers BIGINT NOT NULL,
  tool_quarantine_security BIGINT NOT NULL,
  tool_code_execution BIGINT NOT NULL,
  error_oauth_refresh_failed BIGINT NOT NULL,
  error_oauth_token_expired BIGINT NOT NULL,
  error_upstream_connect_timeout BIGINT NOT NULL,
  error_upstream_connect_refused BIGINT NOT NULL,
  error_upstream_handshake_failed BIGINT NOT NULL,
  error_tool_quarantine_blocked BIGINT NOT NULL,
  error_docker_pull_failed BIGINT NOT NULL,
  error_docker_run_failed BIGINT NOT NULL,
  error_index_rebuild_failed BIGINT NOT NULL,
  error_config_reload_failed BIGINT NOT NULL,
  error_socket_bind_failed BIGINT NOT NULL,
  payload TEXT NOT NULL,
  PRIMARY KEY (day, anonymous_id)
);

-- Erasing an install must not scan every day.
CREATE INDEX heartbeats_by_install ON heartbeats (anonymous_id);

CREATE TABLE feedback (
  id TEXT NOT NULL PRIMARY KEY,
  received_at TEXT NOT NULL,
  category TEXT NOT NULL,
  message TEXT NOT NULL,
  email TEXT,
  context TEXT
);

CREATE INDEX feedback_by_time ON feedback (received_at);
