package app.mcpproxy.telemetry.collector.storage;

import static org.assertj.core.api.Assertions.assertThat;

import app.mcpproxy.telemetry.collector.CollectorOptions;
import app.mcpproxy.telemetry.collector.TestHeartbeats;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeartbeatColumnsTest {
  @TempDir Path directory;

  @Test
  void matchesTheColumnsTheMigrationsCreate() throws SQLException {
    List<String> migrated = new ArrayList<>();
    try (CollectorDatabase database =
            CollectorDatabase.open(CollectorOptions.sqliteUrl(directory.resolve("c.db")));
        Connection connection = database.connection();
        ResultSet columns = connection.getMetaData().getColumns(null, null, "heartbeats", null)) {
      while (columns.next()) {
        migrated.add(columns.getString("COLUMN_NAME"));
      }
    }

    List<String> expected = new ArrayList<>(List.of("day", "anonymous_id"));
    expected.addAll(HeartbeatColumns.names());
    expected.addAll(List.of("payload", "counters", "idempotency_keys"));
    assertThat(migrated).containsExactlyElementsOf(expected);
  }

  @Test
  void takesEveryValueFromACompleteHeartbeat() {
    Map<String, Object> values = byName(TestHeartbeats.complete().toString());

    assertThat(values)
        .containsEntry("schema_version", 3)
        .containsEntry("version", "v0.25.0")
        .containsEntry("previous_version", "v0.24.0")
        .containsEntry("go_version", "java17.0.15")
        .containsEntry("uptime_hours", 5L)
        .containsEntry("quarantine_enabled", 1)
        .containsEntry("autostart_enabled", null)
        .containsEntry("activation_connected_server", 1)
        .containsEntry("activation_retrieve_tools_call", 0)
        .containsEntry("flag_enable_prompts", 0)
        .containsEntry("flag_docker_available", 1)
        .containsEntry("flag_oauth_google", 1)
        .containsEntry("flag_oauth_generic", 0)
        .containsEntry("surface_webui", 3L)
        .containsEntry("tool_call_tool_write", 0L)
        .containsEntry("error_upstream_connect_timeout", 2L)
        .containsEntry("error_docker_run_failed", 0L);
  }

  @Test
  void leavesOptionalValuesNullWhenTheHeartbeatLeavesThemOut() {
    Map<String, Object> values = byName(TestHeartbeats.minimal().toString());

    assertThat(values)
        .containsEntry("current_version", null)
        .containsEntry("env_kind", null)
        .containsEntry("launch_source", null)
        .containsEntry("activation_mcp_client", null)
        .containsEntry("flag_enable_socket", null)
        .containsEntry("flag_oauth_github", null)
        .containsEntry("autostart_enabled", 0)
        .containsEntry("server_docker_isolated_count", 0)
        .containsEntry("surface_mcp", 0L);
  }

  private static Map<String, Object> byName(String json) {
    List<Object> values;
    try {
      values = HeartbeatColumns.extract(TestHeartbeats.MAPPER.readTree(json));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    Map<String, Object> byName = new HashMap<>();
    List<String> names = HeartbeatColumns.names();
    for (int i = 0; i < names.size(); i++) {
      byName.put(names.get(i), values.get(i));
    }
    return byName;
  }
}
