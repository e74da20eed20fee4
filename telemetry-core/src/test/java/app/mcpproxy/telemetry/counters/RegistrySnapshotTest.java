package app.mcpproxy.telemetry.counters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.mcpproxy.telemetry.model.DoctorCounts;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegistrySnapshotTest {
  private static final String EMPTY_JSON =
      "{\"surface_requests\":{\"cli\":0,\"mcp\":0,\"tray\":0,\"unknown\":0,\"webui\":0},"
          + "\"builtin_tool_calls\":{},\"upstream_tool_calls\":0,\"rest_endpoint_calls\":{},"
          + "\"error_category_counts\":{},\"doctor_checks\":{}}";

  private static <V> SortedMap<String, V> sorted(Map<String, V> map) {
    return new TreeMap<>(map);
  }

  private static RegistrySnapshot full() {
    return new RegistrySnapshot(
        sorted(Map.of("cli", 3L, "mcp", 10L)),
        sorted(Map.of("retrieve_tools", 4L, "code_execution", 1L)),
        1234,
        sorted(
            Map.of(
                "GET /api/v1/servers/{name}", sorted(Map.of("2xx", 5L, "4xx", 1L)),
                "UNMATCHED", sorted(Map.of("5xx", 2L)))),
        sorted(Map.of("docker_pull_failed", 2L)),
        sorted(Map.of("docker", new DoctorCounts(3, 1))));
  }

  @Nested
  class Construction {
    @Test
    void turnsNullMapsIntoEmptyOnesWithEverySurfaceAtZero() {
      RegistrySnapshot snapshot = new RegistrySnapshot(null, null, 0, null, null, null);

      assertThat(snapshot.surfaceRequests())
          .isEqualTo(Map.of("mcp", 0L, "cli", 0L, "webui", 0L, "tray", 0L, "unknown", 0L));
      assertThat(snapshot.builtinToolCalls()).isEmpty();
      assertThat(snapshot.restEndpointCalls()).isEmpty();
      assertThat(snapshot.errorCategoryCounts()).isEmpty();
      assertThat(snapshot.doctorChecks()).isEmpty();
      assertThat(snapshot).isEqualTo(RegistrySnapshot.empty());
    }

    @Test
    void dropsZeroCountsOutsideSurfaces() {
      Map<String, SortedMap<String, Long>> rest = new HashMap<>();
      rest.put("GET /x", sorted(Map.of("2xx", 0L)));
      rest.put("GET /y", sorted(Map.of("2xx", 0L, "3xx", 1L)));

      RegistrySnapshot snapshot =
          new RegistrySnapshot(
              sorted(Map.of("cli", 0L)),
              sorted(Map.of("retrieve_tools", 0L)),
              0,
              sorted(rest),
              sorted(Map.of("docker_run_failed", 0L)),
              sorted(Map.of("docker", new DoctorCounts(0, 0))));

      assertThat(snapshot.restEndpointCalls()).isEqualTo(Map.of("GET /y", Map.of("3xx", 1L)));
      assertThat(snapshot.isEmpty()).isFalse();
      assertThat(snapshot.builtinToolCalls()).isEmpty();
      assertThat(snapshot.errorCategoryCounts()).isEmpty();
      assertThat(snapshot.doctorChecks()).isEmpty();
    }

    @Test
    void rejectsNegativeCountsNamingTheKey() {
      assertThatIllegalArgumentException()
          .isThrownBy(
              () ->
                  new RegistrySnapshot(
                      null, sorted(Map.of("retrieve_tools", -2L)), 0, null, null, null))
          .withMessageContaining("retrieve_tools")
          .withMessageContaining("-2");
      assertThatIllegalArgumentException()
          .isThrownBy(() -> new RegistrySnapshot(null, null, -1, null, null, null))
          .withMessageContaining("upstreamToolCalls");
    }

    @Test
    void rejectsNullCounts() {
      SortedMap<String, Long> withNull = new TreeMap<>();
      withNull.put("cli", null);

      assertThatNullPointerException()
          .isThrownBy(() -> new RegistrySnapshot(withNull, null, 0, null, null, null))
          .withMessageContaining("cli");
    }

    @Test
    void isImmutableAndIndependentOfItsInput() {
      SortedMap<String, Long> tools = sorted(Map.of("retrieve_tools", 1L));
      RegistrySnapshot snapshot = new RegistrySnapshot(null, tools, 0, null, null, null);
      tools.put("code_execution", 1L);

      assertThat(snapshot.builtinToolCalls()).containsOnlyKeys("retrieve_tools");
      assertThatThrownBy(() -> snapshot.builtinToolCalls().put("x", 1L))
          .isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> full().restEndpointCalls().get("UNMATCHED").put("2xx", 1L))
          .isInstanceOf(UnsupportedOperationException.class);
    }
  }

  @Nested
  class IsEmpty {
    @Test
    void holdsForTheEmptySnapshot() {
      assertThat(RegistrySnapshot.empty().isEmpty()).isTrue();
    }

    @Test
    void failsForAnyCount() {
      assertThat(
              new RegistrySnapshot(sorted(Map.of("tray", 1L)), null, 0, null, null, null).isEmpty())
          .isFalse();
      assertThat(new RegistrySnapshot(null, null, 1, null, null, null).isEmpty()).isFalse();
      assertThat(
              new RegistrySnapshot(
                      null, null, 0, null, null, sorted(Map.of("a", new DoctorCounts(0, 1))))
                  .isEmpty())
          .isFalse();
      assertThat(full().isEmpty()).isFalse();
    }
  }

  @ParameterizedTest(name = "{0} calls -> {1}")
  @CsvSource({"0, 0", "10, 1-10", "11, 11-100", "101, 101-1000", "1001, 1000+"})
  void bucketsUpstreamToolCalls(long calls, String bucket) {
    assertThat(
            new RegistrySnapshot(null, null, calls, null, null, null).upstreamToolCallCountBucket())
        .isEqualTo(bucket);
  }

  @Nested
  class Json {
    @Test
    void writesTheEmptySnapshotWithEverySurface() {
      assertThat(RegistrySnapshot.empty().toJson()).isEqualTo(EMPTY_JSON);
    }

    @Test
    void writesExactCountsAndSortedKeys() {
      assertThat(full().toJson())
          .isEqualTo(
              "{\"surface_requests\":{\"cli\":3,\"mcp\":10,\"tray\":0,\"unknown\":0,\"webui\":0},"
                  + "\"builtin_tool_calls\":{\"code_execution\":1,\"retrieve_tools\":4},"
                  + "\"upstream_tool_calls\":1234,"
                  + "\"rest_endpoint_calls\":{\"GET /api/v1/servers/{name}\":{\"2xx\":5,\"4xx\":1},"
                  + "\"UNMATCHED\":{\"5xx\":2}},"
                  + "\"error_category_counts\":{\"docker_pull_failed\":2},"
                  + "\"doctor_checks\":{\"docker\":{\"pass\":3,\"fail\":1}}}");
    }

    @Test
    void readsBackWhatItWrote() {
      assertThat(RegistrySnapshot.fromJson(full().toJson())).isEqualTo(full());
      assertThat(RegistrySnapshot.fromJson(EMPTY_JSON)).isEqualTo(RegistrySnapshot.empty());
    }

    @Test
    void readsMissingAndNullFieldsAsEmptyAndIgnoresUnknownOnes() {
      assertThat(RegistrySnapshot.fromJson("{}")).isEqualTo(RegistrySnapshot.empty());
      assertThat(
              RegistrySnapshot.fromJson(
                  "{\"surface_requests\":null,\"upstream_tool_calls\":null,"
                      + "\"doctor_checks\":{\"docker\":{\"pass\":2}},\"format\":9,\"extra\":[1]}"))
          .isEqualTo(
              new RegistrySnapshot(
                  null, null, 0, null, null, sorted(Map.of("docker", new DoctorCounts(2, 0)))));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
        delimiter = '|',
        quoteCharacter = '`',
        value = {
          "``| empty",
          "`   `| empty",
          "nope| not valid JSON",
          "{| not valid JSON",
          "{} {}| not valid JSON",
          "[]| must be a JSON object",
          "42| must be a JSON object",
          "\"x\"| must be a JSON object",
          "{\"upstream_tool_calls\":1,\"upstream_tool_calls\":2}| not valid JSON",
          "{\"surface_requests\":[]}| surface_requests must be an object",
          "{\"surface_requests\":{\"cli\":-3}}| surface_requests.cli must be >= 0",
          "{\"surface_requests\":{\"cli\":1.5}}| surface_requests.cli must be a whole number",
          "{\"surface_requests\":{\"cli\":\"3\"}}| surface_requests.cli must be a whole number",
          "{\"surface_requests\":{\"cli\":null}}| surface_requests.cli must be a whole number",
          "{\"builtin_tool_calls\":{\"retrieve_tools\":true}}| builtin_tool_calls.retrieve_tools",
          "{\"upstream_tool_calls\":\"many\"}| upstream_tool_calls must be a whole number",
          "{\"upstream_tool_calls\":99999999999999999999}| upstream_tool_calls must be a whole",
          "{\"rest_endpoint_calls\":{\"GET /x\":5}}| rest_endpoint_calls.GET /x must be an object",
          "{\"rest_endpoint_calls\":{\"GET /x\":{\"2xx\":-1}}}| rest_endpoint_calls.GET /x.2xx",
          "{\"error_category_counts\":1}| error_category_counts must be an object",
          "{\"doctor_checks\":{\"docker\":[1,2]}}| doctor_checks.docker must be an object",
          "{\"doctor_checks\":{\"docker\":{\"pass\":-1}}}| doctor_checks.docker.pass must be >= 0",
        })
    void rejectsGarbageNamingTheProblem(String json, String problem) {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> RegistrySnapshot.fromJson(json))
          .withMessageContaining(problem.strip());
    }

    @Test
    void rejectsNull() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> RegistrySnapshot.fromJson(null))
          .withMessageContaining("null");
    }
  }
}
