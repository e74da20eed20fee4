package app.mcpproxy.telemetry.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import app.mcpproxy.telemetry.model.ActivationState;
import app.mcpproxy.telemetry.model.EnvMarkers;
import app.mcpproxy.telemetry.model.FeatureFlagSnapshot;
import app.mcpproxy.telemetry.model.HeartbeatPayload;
import app.mcpproxy.telemetry.testing.HeartbeatFixture;
import app.mcpproxy.telemetry.testing.HeartbeatSchemas;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PayloadWriterTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  static JsonNode parse(byte[] json) throws IOException {
    return MAPPER.readTree(json);
  }

  static JsonNode golden(String name) throws IOException {
    try (InputStream in = PayloadWriterTest.class.getResourceAsStream("/payload/" + name)) {
      assertThat(in).as("resource /payload/%s", name).isNotNull();
      return MAPPER.readTree(in);
    }
  }

  /** Every object key with its path, in document order, so two trees can be compared by order. */
  static List<String> keyOrder(JsonNode node) {
    List<String> keys = new ArrayList<>();
    collectKeys("", node, keys);
    return keys;
  }

  private static void collectKeys(String path, JsonNode node, List<String> keys) {
    if (node.isObject()) {
      node.fieldNames()
          .forEachRemaining(
              name -> {
                keys.add(path + "/" + name);
                collectKeys(path + "/" + name, node.get(name), keys);
              });
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collectKeys(path + "[" + i + "]", node.get(i), keys);
      }
    }
  }

  @Nested
  class Golden {
    @Test
    void minimalPayloadMatchesGoldenTreeAndKeyOrder() throws IOException {
      JsonNode actual = parse(PayloadWriter.toJson(HeartbeatFixture.minimal().build()));
      JsonNode expected = golden("minimal.json");

      assertThat(actual).isEqualTo(expected);
      assertThat(keyOrder(actual)).containsExactlyElementsOf(keyOrder(expected));
    }

    @Test
    void fullPayloadMatchesGoldenTreeAndKeyOrder() throws IOException {
      JsonNode actual = parse(PayloadWriter.toJson(HeartbeatFixture.full().build()));
      JsonNode expected = golden("full.json");

      assertThat(actual).isEqualTo(expected);
      assertThat(keyOrder(actual)).containsExactlyElementsOf(keyOrder(expected));
    }

    @Test
    void compactBytesAreTheGoldenWithoutWhitespace() throws IOException {
      String expected = MAPPER.writeValueAsString(golden("full.json"));

      assertThat(
              new String(
                  PayloadWriter.toJson(HeartbeatFixture.full().build()), StandardCharsets.UTF_8))
          .isEqualTo(expected);
    }

    @Test
    void prettyJsonHoldsTheSameTreeInTheSameOrder() throws IOException {
      String pretty = PayloadWriter.toPrettyJson(HeartbeatFixture.full().build());
      JsonNode compact = parse(PayloadWriter.toJson(HeartbeatFixture.full().build()));
      JsonNode fromPretty = MAPPER.readTree(pretty);

      assertThat(pretty).contains("\n").contains("  \"anonymous_id\" : ");
      assertThat(fromPretty).isEqualTo(compact);
      assertThat(keyOrder(fromPretty)).containsExactlyElementsOf(keyOrder(compact));
    }
  }

  @Nested
  class AlwaysPresent {
    @Test
    void requiredFieldsAreWrittenEvenWhenZeroOrEmpty() throws IOException {
      JsonNode json =
          parse(PayloadWriter.toJson(HeartbeatFixture.minimal().schemaVersion(0).build()));

      assertThat(json.fieldNames())
          .toIterable()
          .containsExactlyElementsOf(HeartbeatSchemas.ALWAYS_PRESENT);
      assertThat(json.get("server_count").asInt()).isZero();
      assertThat(json.get("quarantine_enabled").isBoolean()).isTrue();
      assertThat(json.get("previous_version").textValue()).isEmpty();
    }

    @Test
    void autostartUnknownIsJsonNull() throws IOException {
      JsonNode json = parse(PayloadWriter.toJson(HeartbeatFixture.minimal().build()));

      assertThat(json.has("autostart_enabled")).isTrue();
      assertThat(json.get("autostart_enabled").isNull()).isTrue();
    }

    @Test
    void autostartFalseIsJsonFalse() throws IOException {
      JsonNode json =
          parse(PayloadWriter.toJson(HeartbeatFixture.minimal().autostartEnabled(false).build()));

      assertThat(json.get("autostart_enabled").isBoolean()).isTrue();
      assertThat(json.get("autostart_enabled").booleanValue()).isFalse();
    }

    @Test
    void timestampIsUtcInWholeSeconds() throws IOException {
      HeartbeatPayload payload =
          HeartbeatFixture.minimal()
              .timestamp(Instant.parse("2026-11-24T15:31:48.999999999Z"))
              .anonymousIdCreatedAt(Instant.parse("2025-02-03T04:05:06.5Z"))
              .build();

      JsonNode json = parse(PayloadWriter.toJson(payload));

      assertThat(json.get("timestamp").textValue()).isEqualTo("2026-11-24T15:31:48Z");
      assertThat(json.get("anonymous_id_created_at").textValue()).isEqualTo("2025-02-03T04:05:06Z");
    }
  }

  @Nested
  class Omission {
    static Stream<Arguments> emptiedFields() {
      return Stream.of(
          field("schema_version", b -> b.schemaVersion(0)),
          field("anonymous_id_created_at", b -> b.anonymousIdCreatedAt(null)),
          field("current_version", b -> b.currentVersion(null)),
          field("current_version", b -> b.currentVersion("")),
          field("last_startup_outcome", b -> b.lastStartupOutcome(null)),
          field("surface_requests", b -> b.surfaceRequests(null)),
          field("surface_requests", b -> b.surfaceRequests(Map.of())),
          field("builtin_tool_calls", b -> b.builtinToolCalls(Map.of())),
          field("upstream_tool_call_count_bucket", b -> b.upstreamToolCallCountBucket(null)),
          field("upstream_tool_call_count_bucket", b -> b.upstreamToolCallCountBucket("")),
          field("rest_endpoint_calls", b -> b.restEndpointCalls(Map.of())),
          field("feature_flags", b -> b.featureFlags(null)),
          field("error_category_counts", b -> b.errorCategoryCounts(Map.of())),
          field(
              "error_category_counts",
              b -> b.errorCategoryCounts(Map.of("oauth_token_expired", 0L))),
          field("doctor_checks", b -> b.doctorChecks(Map.of())),
          field("server_protocol_counts", b -> b.serverProtocolCounts(Map.of())),
          field("server_docker_isolated_count", b -> b.serverDockerIsolatedCount(0)),
          field("env_kind", b -> b.envKind(null)),
          field("env_markers", b -> b.envMarkers(null)),
          field("activation", b -> b.activation(null)),
          field("launch_source", b -> b.launchSource(null)));
    }

    private static Arguments field(String name, UnaryOperator<HeartbeatPayload.Builder> empty) {
      return Arguments.of(name, empty);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("emptiedFields")
    void optionalFieldIsOmittedWhenEmpty(String name, UnaryOperator<HeartbeatPayload.Builder> empty)
        throws IOException {
      JsonNode before = parse(PayloadWriter.toJson(HeartbeatFixture.full().build()));
      JsonNode after = parse(PayloadWriter.toJson(empty.apply(HeartbeatFixture.full()).build()));

      assertThat(before.has(name)).as("present when set").isTrue();
      assertThat(after.has(name)).as("omitted when empty").isFalse();
      assertThat(after.size()).isEqualTo(before.size() - 1);
    }

    @Test
    void zeroErrorCountsAreLeftOutOfANonEmptyMap() throws IOException {
      HeartbeatPayload payload =
          HeartbeatFixture.minimal()
              .errorCategoryCounts(Map.of("oauth_token_expired", 0L, "docker_run_failed", 3L))
              .build();

      JsonNode counts = parse(PayloadWriter.toJson(payload)).get("error_category_counts");

      assertThat(counts.fieldNames()).toIterable().containsExactly("docker_run_failed");
    }
  }

  @Nested
  class NestedObjects {
    @Test
    void emptyActivationStillWritesAllSevenFields() throws IOException {
      HeartbeatPayload payload =
          HeartbeatFixture.minimal().activation(ActivationState.empty()).build();

      JsonNode activation = parse(PayloadWriter.toJson(payload)).get("activation");

      assertThat(activation.fieldNames())
          .toIterable()
          .containsExactly(
              "first_connected_server_ever",
              "first_mcp_client_ever",
              "first_retrieve_tools_call_ever",
              "mcp_clients_seen_ever",
              "retrieve_tools_calls_24h",
              "estimated_tokens_saved_24h_bucket",
              "configured_ide_count");
      assertThat(activation.get("mcp_clients_seen_ever").isArray()).isTrue();
      assertThat(activation.get("mcp_clients_seen_ever")).isEmpty();
      assertThat(activation.get("estimated_tokens_saved_24h_bucket").textValue()).isEqualTo("0");
    }

    @Test
    void featureFlagsWriteAnEmptyProviderListAsEmptyArray() throws IOException {
      FeatureFlagSnapshot flags =
          new FeatureFlagSnapshot(false, false, false, false, false, false, false, null, false);

      JsonNode json =
          parse(PayloadWriter.toJson(HeartbeatFixture.minimal().featureFlags(flags).build()))
              .get("feature_flags");

      assertThat(json.get("oauth_provider_types").isArray()).isTrue();
      assertThat(json.get("oauth_provider_types")).isEmpty();
      assertThat(json.size()).isEqualTo(9);
      assertThat(json.get("docker_available").booleanValue()).isFalse();
    }

    @Test
    void envMarkersWriteAllFiveBooleansEvenWhenFalse() throws IOException {
      JsonNode markers =
          parse(
                  PayloadWriter.toJson(
                      HeartbeatFixture.minimal().envMarkers(EnvMarkers.none()).build()))
              .get("env_markers");

      assertThat(markers.fieldNames())
          .toIterable()
          .containsExactly(
              "has_ci_env", "has_cloud_ide_env", "is_container", "has_tty", "has_display");
      markers.forEach(value -> assertThat(value.isBoolean()).isTrue());
    }
  }

  @Nested
  class Escaping {
    @Test
    void stringsAreEscapedAndUtf8Encoded() throws IOException {
      HeartbeatPayload payload =
          HeartbeatFixture.minimal().version("v1.0.0-\"quoted\"\\é\u2028").build();

      byte[] json = PayloadWriter.toJson(payload);

      assertThat(parse(json).get("version").textValue()).isEqualTo("v1.0.0-\"quoted\"\\é\u2028");
      assertThat(new String(json, StandardCharsets.UTF_8)).contains("\\\"quoted\\\"\\\\é");
    }
  }

  @Test
  void rejectsNullPayload() {
    assertThatNullPointerException().isThrownBy(() -> PayloadWriter.toJson(null));
    assertThatNullPointerException().isThrownBy(() -> PayloadWriter.toPrettyJson(null));
  }
}
