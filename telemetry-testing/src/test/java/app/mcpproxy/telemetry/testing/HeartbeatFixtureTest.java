package app.mcpproxy.telemetry.testing;

import static org.assertj.core.api.Assertions.assertThat;

import app.mcpproxy.telemetry.model.BuiltinTool;
import app.mcpproxy.telemetry.model.ErrorCategory;
import app.mcpproxy.telemetry.model.Surface;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class HeartbeatFixtureTest {
  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void theMinimalHeartbeatHoldsOnlyTheAlwaysPresentFieldsAndIsValid() {
    ObjectNode json = HeartbeatFixture.tree(HeartbeatFixture.minimal().build());

    assertThat(fieldNames(json))
        .containsExactlyInAnyOrderElementsOf(
            Stream.concat(HeartbeatSchemas.ALWAYS_PRESENT.stream(), Stream.of("schema_version"))
                .toList());
    assertThat(
            HeartbeatSchemas.validate(
                HeartbeatSchemas.relaxRequired(HeartbeatSchemas.adjustedV2()), json))
        .isEmpty();
  }

  @Test
  void theFullHeartbeatIsValidAgainstTheSchemas() {
    assertThat(HeartbeatSchemas.validate(HeartbeatFixture.tree(HeartbeatFixture.full().build())))
        .isEmpty();
  }

  @Test
  void everyWireValueCountsEverySurfaceToolAndErrorCategoryAndIsValid() {
    ObjectNode json = HeartbeatFixture.tree(HeartbeatFixture.everyWireValue().build());

    assertThat(HeartbeatSchemas.validate(json)).isEmpty();
    assertThat(fieldNames(json.get("surface_requests")))
        .containsExactlyInAnyOrderElementsOf(
            Stream.of(Surface.values()).map(Surface::wireName).toList());
    assertThat(fieldNames(json.get("builtin_tool_calls")))
        .containsExactlyInAnyOrderElementsOf(
            Stream.of(BuiltinTool.values()).map(BuiltinTool::wireName).toList());
    assertThat(fieldNames(json.get("error_category_counts")))
        .containsExactlyInAnyOrderElementsOf(
            Stream.of(ErrorCategory.values()).map(ErrorCategory::wireName).toList());
    assertThat(json.get("rest_endpoint_calls").size()).isEqualTo(30);
    assertThat(json.at("/activation/mcp_clients_seen_ever").size()).isEqualTo(16);
    assertThat(json.get("autostart_enabled").isNull()).isTrue();
  }

  @Test
  void aTreeIsTheSentJsonAndChangesToItReachItsBytes() {
    byte[] sent = HeartbeatFixture.json(HeartbeatFixture.minimal().build());
    ObjectNode tree = HeartbeatFixture.tree(HeartbeatFixture.minimal().build());

    assertThat(HeartbeatFixture.bytes(tree)).isEqualTo(sent);
    tree.put("version", "v9.9.9");
    assertThat(new String(HeartbeatFixture.bytes(tree), java.nio.charset.StandardCharsets.UTF_8))
        .contains("\"version\":\"v9.9.9\"");
  }
}
