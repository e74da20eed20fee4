-- wrk script: POSTs valid v3 heartbeats to /v1/heartbeat, cycling through INSTALLS distinct
-- installs per wrk thread (default 50000), and counts answers that are not 204.
--   wrk -t1 -c64 -d20s -s heartbeat.lua http://127.0.0.1:8787

local installs = tonumber(os.getenv("INSTALLS") or "50000")
local threads = {}
local next_thread = 0

local template = [[{"anonymous_id":"%s","version":"v0.25.0","edition":"personal","os":"linux","arch":"amd64","go_version":"java17.0.15","server_count":3,"connected_server_count":2,"tool_count":41,"uptime_hours":%d,"routing_mode":"retrieve_tools","quarantine_enabled":true,"timestamp":"%s","schema_version":3,"anonymous_id_created_at":"2025-02-01T09:00:00Z","current_version":"v0.25.0","previous_version":"v0.24.0","last_startup_outcome":"success","surface_requests":{"cli":2,"mcp":%d,"tray":1,"unknown":0,"webui":3},"builtin_tool_calls":{"retrieve_tools":12,"call_tool_read":7},"upstream_tool_call_count_bucket":"11-100","rest_endpoint_calls":{"GET /api/v1/servers":{"2xx":4},"UNMATCHED":{"4xx":1}},"feature_flags":{"enable_socket":true,"enable_web_ui":true,"enable_prompts":false,"require_mcp_auth":false,"enable_code_execution":false,"quarantine_enabled":true,"sensitive_data_detection_enabled":true,"oauth_provider_types":["github","google"],"docker_available":true},"error_category_counts":{"upstream_connect_timeout":2},"doctor_checks":{"docker_daemon":{"pass":1,"fail":0}},"server_protocol_counts":{"stdio":2,"http":1,"sse":0,"streamable_http":0,"auto":0},"server_docker_isolated_count":1,"env_kind":"interactive","env_markers":{"has_ci_env":false,"has_cloud_ide_env":false,"is_container":false,"has_tty":true,"has_display":true},"activation":{"first_connected_server_ever":true,"first_mcp_client_ever":true,"first_retrieve_tools_call_ever":false,"mcp_clients_seen_ever":["claude-desktop","cursor"],"retrieve_tools_calls_24h":0,"estimated_tokens_saved_24h_bucket":"0","configured_ide_count":2},"launch_source":"cli","autostart_enabled":null}]]

function setup(thread)
  thread:set("thread_number", next_thread)
  next_thread = next_thread + 1
  table.insert(threads, thread)
end

local sent = 0
refused = 0
local headers = { ["Content-Type"] = "application/json" }

function request()
  sent = sent + 1
  local install = sent % installs
  local id = string.format("%08x-0000-4000-8000-%012x", thread_number, install)
  -- Each install's next heartbeat differs from its last, as a real client's does: a later
  -- timestamp, more uptime and new counts.
  local round = math.floor(sent / installs)
  local timestamp = string.format("2025-03-01T%02d:%02d:%02dZ", round % 24, install % 60, round % 60)
  return wrk.format("POST", "/v1/heartbeat", headers,
    string.format(template, id, round % 1000, timestamp, 1 + round % 50))
end

function response(status)
  if status ~= 204 then
    refused = refused + 1
  end
end

function done(summary, latency, requests)
  local not_acknowledged = 0
  for _, thread in ipairs(threads) do
    not_acknowledged = not_acknowledged + thread:get("refused")
  end
  local seconds = summary.duration / 1e6
  local acknowledged = summary.requests - not_acknowledged
  io.write(string.format("distinct installs:          %d\n", installs * #threads))
  io.write(string.format("requests completed:         %d in %.1f s\n", summary.requests, seconds))
  io.write(string.format("acknowledged (204):         %d\n", acknowledged))
  io.write(string.format("not acknowledged:           %d\n", not_acknowledged))
  io.write(string.format("acknowledged heartbeats/s:  %.0f\n", acknowledged / seconds))
  io.write(string.format("latency p50/p99/max:        %.1f / %.1f / %.1f ms\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
