package app.mcpproxy.telemetry.collector.http;

import static org.assertj.core.api.Assertions.assertThat;

import app.mcpproxy.telemetry.collector.TestHeartbeats;
import app.mcpproxy.telemetry.collector.http.HeartbeatSchema.SchemaViolation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HeartbeatSchemaTest {
  private static final HeartbeatSchema SCHEMA = HeartbeatSchema.load();

  @Test
  void acceptsACompleteHeartbeat() {
    assertThat(SCHEMA.check(TestHeartbeats.complete())).isEmpty();
  }

  @Test
  void acceptsAHeartbeatWithOnlyTheAlwaysPresentFields() {
    assertThat(SCHEMA.check(TestHeartbeats.minimal())).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"go1.22", "go1.22.5", "go1.23rc1", "java17", "java17.0.15", "java21.0.1"})
  void acceptsGoAndJavaRuntimes(String runtime) {
    assertThat(SCHEMA.check(TestHeartbeats.minimal().put("go_version", runtime))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1.2.3", "v0.25.0-rc.1", "v1.0.0+build.7"})
  void acceptsCanonicalSemanticVersions(String version) {
    assertThat(SCHEMA.check(TestHeartbeats.minimal().put("version", version))).isEmpty();
  }

  @ParameterizedTest(name = "{0} = {1} fails on {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "os                                  | '\"beos\"'                 | os",
        "arch                                | '\"x86_64\"'               | arch",
        "edition                             | '\"enterprise\"'           | edition",
        "routing_mode                        | '\"dynamic\"'              | routing_mode",
        "schema_version                      | 2                          | schema_version",
        "server_count                        | '\"3\"'                    | server_count",
        "server_count                        | -1                         | server_count",
        "tool_count                          | 1.5                        | tool_count",
        "quarantine_enabled                  | '\"true\"'                 | quarantine_enabled",
        "anonymous_id                        | '\"not-a-uuid\"'           | anonymous_id",
        "anonymous_id                        | '\"0F8FAD5B-D9CB-469F-A165-70867728950E\"' | anonymous_id",
        "version                             | '\"1.2.3\"'                | version",
        "version                             | '\"dev\"'                  | version",
        "previous_version                    | '\"latest\"'               | previous_version",
        "go_version                          | '\"python3.12\"'           | go_version",
        "timestamp                           | '\"yesterday\"'            | timestamp",
        "timestamp                           | '\"2025-13-45T99:00:00Z\"' | timestamp",
        "autostart_enabled                   | '\"unknown\"'              | autostart_enabled",
        "env_kind                            | '\"laptop\"'               | env_kind",
        "launch_source                       | '\"cron\"'                 | launch_source",
        "upstream_tool_call_count_bucket     | '\"7\"'                    | upstream_tool_call_count_bucket",
        "hostname                            | '\"box\"'                  | hostname",
        "surface_requests.email              | 1                          | surface_requests.email",
        "builtin_tool_calls.github_search    | 3                          | builtin_tool_calls.github_search",
        "error_category_counts.oops          | 1                          | error_category_counts.oops",
        "error_category_counts.docker_run_failed | 0                      | error_category_counts.docker_run_failed",
        "feature_flags.enable_socket         | '\"yes\"'                  | feature_flags.enable_socket",
        "env_markers.has_tty                 | null                       | env_markers.has_tty",
        "env_markers.user                    | '\"alice\"'                | env_markers.user",
        "activation.configured_ide_count     | -2                         | activation.configured_ide_count",
        "activation.estimated_tokens_saved_24h_bucket | '\"lots\"'        | activation.estimated_tokens_saved_24h_bucket",
        "server_protocol_counts.grpc         | 1                          | server_protocol_counts.grpc",
      })
  void namesTheFieldThatBreaksTheSchema(String path, String json, String field) throws IOException {
    ObjectNode heartbeat = TestHeartbeats.complete();
    set(heartbeat, path, TestHeartbeats.MAPPER.readTree(json));

    Optional<SchemaViolation> violation = SCHEMA.check(heartbeat);

    assertThat(violation).map(SchemaViolation::field).contains(field);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "anonymous_id",
        "version",
        "os",
        "timestamp",
        "previous_version",
        "autostart_enabled"
      })
  void namesAMissingRequiredField(String field) {
    ObjectNode heartbeat = TestHeartbeats.minimal();
    heartbeat.remove(field);

    assertThat(SCHEMA.check(heartbeat)).map(SchemaViolation::field).contains(field);
  }

  @Test
  void namesTheElementOfAnArrayThatBreaksTheSchema() {
    ObjectNode heartbeat = TestHeartbeats.complete();
    ((ObjectNode) heartbeat.get("activation"))
        .putArray("mcp_clients_seen_ever")
        .add("cursor")
        .add("/Users/alice/bin/client");

    assertThat(SCHEMA.check(heartbeat))
        .map(SchemaViolation::field)
        .contains("activation.mcp_clients_seen_ever[1]");
  }

  @Test
  void rejectsADocumentThatIsNotAnObject() throws IOException {
    assertThat(SCHEMA.check(TestHeartbeats.MAPPER.readTree("[1, 2]")))
        .map(SchemaViolation::field)
        .contains("$");
  }

  @Test
  void rejectsAValueEndingInANewline() {
    ObjectNode heartbeat = TestHeartbeats.minimal().put("version", "v1.2.3\n");

    assertThat(SCHEMA.check(heartbeat)).map(SchemaViolation::field).contains("version");
  }

  private static void set(ObjectNode root, String dottedPath, JsonNode value) {
    String[] parts = dottedPath.split("\\.");
    ObjectNode parent = root;
    for (int i = 0; i < parts.length - 1; i++) {
      parent = (ObjectNode) parent.get(parts[i]);
    }
    parent.set(parts[parts.length - 1], value);
  }
}
