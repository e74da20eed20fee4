package app.mcpproxy.telemetry.counters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assumptions.assumeThat;

import app.mcpproxy.telemetry.model.BuiltinTool;
import app.mcpproxy.telemetry.model.DoctorCheckResult;
import app.mcpproxy.telemetry.model.DoctorCounts;
import app.mcpproxy.telemetry.model.ErrorCategory;
import app.mcpproxy.telemetry.model.Surface;
import app.mcpproxy.telemetry.testing.Concurrently;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class CounterRegistryTest {
  /** The templates and check names the tests record, declared as a host would. */
  static final Vocabulary DECLARED =
      Vocabulary.of(
          List.of(
              "/",
              "/x",
              "/y",
              "/api/v1/servers",
              "/api/v1/servers/{name}",
              "/api/r0",
              "/api/r1",
              "/api/r2",
              "/api/r3",
              "/api/r4"),
          List.of("docker", "config", "a", "b", "check_0", "check_1", "check_2"));

  private final CounterRegistry registry = new CounterRegistry(DECLARED);

  private static SortedMap<String, Long> allSurfacesZeroExcept(String surface, long count) {
    SortedMap<String, Long> counts = new TreeMap<>();
    for (Surface each : Surface.values()) {
      counts.put(each.wireName(), 0L);
    }
    counts.put(surface, count);
    return counts;
  }

  private static SortedMap<String, SortedMap<String, Long>> rest(
      String key, String statusClass, long count) {
    SortedMap<String, SortedMap<String, Long>> calls = new TreeMap<>();
    calls.put(key, new TreeMap<>(Map.of(statusClass, count)));
    return calls;
  }

  @Nested
  class RecordSurface {
    @Test
    void freshRegistryHasEverySurfaceAtZero() {
      assertThat(registry.snapshot().surfaceRequests())
          .containsOnlyKeys("mcp", "cli", "webui", "tray", "unknown")
          .allSatisfy((key, count) -> assertThat(count).isZero());
    }

    @ParameterizedTest
    @EnumSource(Surface.class)
    void countsEachSurfaceUnderItsWireName(Surface surface) {
      registry.recordSurface(surface);
      registry.recordSurface(surface);

      assertThat(registry.snapshot().surfaceRequests())
          .isEqualTo(allSurfacesZeroExcept(surface.wireName(), 2));
    }

    @Test
    void countsNullAsUnknown() {
      registry.recordSurface(null);

      assertThat(registry.snapshot().surfaceRequests())
          .isEqualTo(allSurfacesZeroExcept("unknown", 1));
    }
  }

  @Nested
  class RecordBuiltinTool {
    @ParameterizedTest
    @EnumSource(BuiltinTool.class)
    void countsEveryListedToolByName(BuiltinTool tool) {
      registry.recordBuiltinTool(tool.wireName());

      assertThat(registry.snapshot().builtinToolCalls())
          .containsExactly(Map.entry(tool.wireName(), 1L));
    }

    @ParameterizedTest
    @EnumSource(BuiltinTool.class)
    void countsEveryListedTool(BuiltinTool tool) {
      registry.recordBuiltinTool(tool);
      registry.recordBuiltinTool(tool.wireName());

      assertThat(registry.snapshot().builtinToolCalls())
          .containsExactly(Map.entry(tool.wireName(), 2L));
    }

    @Test
    void listedToolNamesAreExactlyTheFixedAllowList() {
      for (BuiltinTool tool : BuiltinTool.values()) {
        registry.recordBuiltinTool(tool);
      }

      assertThat(registry.snapshot().builtinToolCalls())
          .containsOnlyKeys(
              "retrieve_tools",
              "call_tool_read",
              "call_tool_write",
              "call_tool_destructive",
              "upstream_servers",
              "quarantine_security",
              "code_execution");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
        strings = {
          "github:create_issue",
          "create_issue",
          "RETRIEVE_TOOLS",
          " retrieve_tools",
          "call_tool"
        })
    void dropsAnyOtherNameSilently(String name) {
      registry.recordBuiltinTool(name);

      assertThat(registry.snapshot().isEmpty()).isTrue();
    }

    @Test
    void dropsNullTool() {
      registry.recordBuiltinTool((BuiltinTool) null);

      assertThat(registry.snapshot().isEmpty()).isTrue();
    }
  }

  @Nested
  class RecordUpstreamTool {
    @Test
    void countsTheTotalOnly() {
      registry.recordUpstreamTool();
      registry.recordUpstreamTool();

      RegistrySnapshot snapshot = registry.snapshot();
      assertThat(snapshot.upstreamToolCalls()).isEqualTo(2);
      assertThat(snapshot.builtinToolCalls()).isEmpty();
    }

    @ParameterizedTest(name = "{0} calls -> {1}")
    @CsvSource({
      "0, 0",
      "1, 1-10",
      "10, 1-10",
      "11, 11-100",
      "100, 11-100",
      "101, 101-1000",
      "1000, 101-1000",
      "1001, 1000+"
    })
    void reportsTheBucketOfTheTotal(int calls, String bucket) {
      for (int i = 0; i < calls; i++) {
        registry.recordUpstreamTool();
      }

      assertThat(registry.snapshot().upstreamToolCallCountBucket()).isEqualTo(bucket);
    }
  }

  @Nested
  class RecordRestRequest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
      "GET, GET",
      "POST, POST",
      "PUT, PUT",
      "DELETE, DELETE",
      "PATCH, PATCH",
      "HEAD, HEAD",
      "OPTIONS, OPTIONS",
      "get, GET",
      "Post, POST",
      "pUt, PUT",
      "delete, DELETE",
      "patch, PATCH",
      "head, HEAD",
      "options, OPTIONS",
      "TRACE, OTHER",
      "CONNECT, OTHER",
      "PROPFIND, OTHER",
      "OTHER, OTHER",
      "'', OTHER",
      "' GET', OTHER",
      "GETX, OTHER",
      "poſt, OTHER",
      "optıons, OTHER",
    })
    void keysByUpperCasedStandardMethodOrOther(String method, String expected) {
      registry.recordRestRequest(method, "/api/v1/servers", "2xx");

      assertThat(registry.snapshot().restEndpointCalls())
          .isEqualTo(rest(expected + " /api/v1/servers", "2xx", 1));
    }

    @Test
    void countsNullMethodAsOther() {
      registry.recordRestRequest(null, "/api/v1/servers", "4xx");

      assertThat(registry.snapshot().restEndpointCalls())
          .isEqualTo(rest("OTHER /api/v1/servers", "4xx", 1));
    }

    @Test
    void matchesMethodsTheSameWayInATurkishLocale() {
      Locale previous = Locale.getDefault();
      Locale.setDefault(Locale.forLanguageTag("tr-TR"));
      try {
        registry.recordRestRequest("options", "/x", "2xx");
        registry.recordRestRequest("Get", "/x", "2xx");
      } finally {
        Locale.setDefault(previous);
      }

      assertThat(registry.snapshot().restEndpointCalls()).containsOnlyKeys("OPTIONS /x", "GET /x");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
        strings = {
          "api/x",
          "/x?y=1",
          "/x#f",
          "/x y",
          "/x\ty",
          "/x\n",
          "/x\u00a0y",
          "/x\u0000",
          " /x",
          "x"
        })
    void countsABadTemplateUnderUnmatchedAloneWhateverTheMethod(String template) {
      registry.recordRestRequest("DELETE", template, "5xx");

      assertThat(registry.snapshot().restEndpointCalls()).isEqualTo(rest("UNMATCHED", "5xx", 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/api/v1/servers/{name}"})
    void keepsADeclaredTemplateAsGiven(String template) {
      registry.recordRestRequest("GET", new String(template.toCharArray()), "2xx");

      assertThat(registry.snapshot().restEndpointCalls()).containsOnlyKeys("GET " + template);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "/api/v1/servers/{id}",
          "/API/v1/servers",
          "/api/v1/servers/",
          "/api/v1/servers/github",
          "/home/alice",
          "/x/y"
        })
    void countsAnUndeclaredTemplateUnderUnmatchedAndCountsTheFoldLocally(String template) {
      registry.recordRestRequest("GET", template, "2xx");
      registry.recordRestRequest("GET", null, "2xx");

      assertThat(registry.snapshot().restEndpointCalls()).isEqualTo(rest("UNMATCHED", "2xx", 2));
      assertThat(registry.undeclaredRoutesTotal()).isEqualTo(1);
    }

    @Test
    void countsEveryCallUnderUnmatchedWhenNothingIsDeclared() {
      CounterRegistry undeclared = new CounterRegistry();
      undeclared.recordRestRequest("GET", "/api/v1/servers", "2xx");
      undeclared.recordRestRequest("POST", "/x", "5xx");

      assertThat(undeclared.snapshot().restEndpointCalls())
          .isEqualTo(Map.of("UNMATCHED", Map.of("2xx", 1L, "5xx", 1L)));
      assertThat(undeclared.undeclaredRoutesTotal()).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"2xx, 2xx", "3xx, 3xx", "4xx, 4xx", "5xx, 5xx", "2XX, 2xx", "4Xx, 4xx"})
    void countsEachStatusClassInAnyCase(String statusClass, String expected) {
      registry.recordRestRequest("GET", "/x", statusClass);

      assertThat(registry.snapshot().restEndpointCalls()).isEqualTo(rest("GET /x", expected, 1));
      assertThat(registry.droppedRestRequestsTotal()).isZero();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"6xx", "1xx", "200", "404", "2x", "2xxx", "xx2", "2yy", "ok", " 2xx"})
    void dropsACallWithABadStatusClassAndCountsTheDrop(String statusClass) {
      registry.recordRestRequest("GET", "/x", statusClass);
      registry.recordRestRequest("GET", "not a template", statusClass);

      assertThat(registry.snapshot().isEmpty()).isTrue();
      assertThat(registry.droppedRestRequestsTotal()).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"200, 2xx", "299, 2xx", "301, 3xx", "404, 4xx", "500, 5xx", "599, 5xx"})
    void mapsAStatusCodeToItsClass(int status, String expected) {
      registry.recordRestRequest("GET", "/x", status);

      assertThat(registry.snapshot().restEndpointCalls()).isEqualTo(rest("GET /x", expected, 1));
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 0, 100, 199, 600, 999})
    void dropsACallWithAStatusCodeOutsideTheClasses(int status) {
      registry.recordRestRequest("GET", "/x", status);

      assertThat(registry.snapshot().isEmpty()).isTrue();
      assertThat(registry.droppedRestRequestsTotal()).isEqualTo(1);
    }

    @Test
    void accumulatesPerKeyAndStatusClass() {
      registry.recordRestRequest("GET", "/x", "2xx");
      registry.recordRestRequest("get", "/x", "2xx");
      registry.recordRestRequest("GET", "/x", "4xx");
      registry.recordRestRequest("POST", "/x", "2xx");
      registry.recordRestRequest("GET", "/y", "5xx");

      assertThat(registry.snapshot().restEndpointCalls())
          .isEqualTo(
              Map.of(
                  "GET /x", Map.of("2xx", 2L, "4xx", 1L),
                  "POST /x", Map.of("2xx", 1L),
                  "GET /y", Map.of("5xx", 1L)));
    }

    @Test
    void removesTheCountsOfOneKeyAndCountsItAgainLater() {
      registry.recordRestRequest("GET", "/x", "2xx");
      registry.recordRestRequest("POST", "/x", "2xx");

      assertThat(registry.removeRestEndpointCalls("GET /x")).isTrue();
      assertThat(registry.removeRestEndpointCalls("GET /not-declared")).isFalse();
      assertThat(registry.snapshot().restEndpointCalls()).containsOnlyKeys("POST /x");

      registry.recordRestRequest("GET", "/x", "2xx");
      assertThat(registry.snapshot().restEndpointCalls()).containsOnlyKeys("GET /x", "POST /x");
    }
  }

  @Nested
  class RecordError {
    @ParameterizedTest
    @EnumSource(ErrorCategory.class)
    void countsEachCategoryUnderItsWireNameAndOmitsZeros(ErrorCategory category) {
      registry.recordError(category);

      assertThat(registry.snapshot().errorCategoryCounts())
          .containsExactly(Map.entry(category.wireName(), 1L));
    }

    @Test
    void hasElevenCategories() {
      for (ErrorCategory category : ErrorCategory.values()) {
        registry.recordError(category);
      }

      assertThat(registry.snapshot().errorCategoryCounts()).hasSize(11);
    }

    @Test
    void dropsNull() {
      registry.recordError(null);

      assertThat(registry.snapshot().isEmpty()).isTrue();
    }
  }

  @Nested
  class RecordDoctorRun {
    @Test
    void countsPassesAndFailsPerCheckAcrossRuns() {
      registry.recordDoctorRun(
          List.of(DoctorCheckResult.of("docker", true), DoctorCheckResult.of("config", false)));
      registry.recordDoctorRun(List.of(DoctorCheckResult.of("docker", false)));

      assertThat(registry.snapshot().doctorChecks())
          .isEqualTo(Map.of("docker", new DoctorCounts(1, 1), "config", new DoctorCounts(0, 1)));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\t", "  \n "})
    void skipsResultsWithoutAName(String name) {
      registry.recordDoctorRun(
          List.of(DoctorCheckResult.of(name, true), DoctorCheckResult.of("docker", true)));

      assertThat(registry.snapshot().doctorChecks()).containsOnlyKeys("docker");
    }

    @Test
    void skipsNullResultsAndNullRuns() {
      registry.recordDoctorRun(Arrays.asList(null, DoctorCheckResult.of("docker", true)));
      registry.recordDoctorRun(null);

      assertThat(registry.snapshot().doctorChecks())
          .isEqualTo(Map.of("docker", new DoctorCounts(1, 0)));
    }

    @Test
    void acceptsAnyCollection() {
      registry.recordDoctorRun(new LinkedList<>(List.of(DoctorCheckResult.of("a", true))));
      registry.recordDoctorRun(new LinkedHashSet<>(List.of(DoctorCheckResult.of("b", false))));

      assertThat(registry.snapshot().doctorChecks())
          .isEqualTo(Map.of("a", new DoctorCounts(1, 0), "b", new DoctorCounts(0, 1)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Docker", "docker ", "dockers", "alice", "ghp_0123456789abcdef"})
    void dropsResultsOfUndeclaredChecksAndCountsThemLocally(String name) {
      registry.recordDoctorRun(
          List.of(DoctorCheckResult.of(name, true), DoctorCheckResult.of("docker", false)));

      assertThat(registry.snapshot().doctorChecks())
          .isEqualTo(Map.of("docker", new DoctorCounts(0, 1)));
      assertThat(registry.undeclaredChecksTotal()).isEqualTo(1);
    }

    @Test
    void countsNoCheckWhenNothingIsDeclared() {
      CounterRegistry undeclared = new CounterRegistry();
      undeclared.recordDoctorRun(List.of(DoctorCheckResult.of("docker", true)));

      assertThat(undeclared.snapshot().doctorChecks()).isEmpty();
      assertThat(undeclared.undeclaredChecksTotal()).isEqualTo(1);
    }

    @Test
    void removesTheCountsOfOneCheck() {
      registry.recordDoctorRun(
          List.of(DoctorCheckResult.of("docker", true), DoctorCheckResult.of("config", true)));

      assertThat(registry.removeDoctorCheck("docker")).isTrue();
      assertThat(registry.removeDoctorCheck("other")).isFalse();
      assertThat(registry.snapshot().doctorChecks()).containsOnlyKeys("config");
    }
  }

  @Nested
  class AnonymityViolations {
    @Test
    void countsForTheLifetimeAndNeverAppearInSnapshots() {
      registry.recordAnonymityViolation();
      registry.recordAnonymityViolation();

      RegistrySnapshot snapshot = registry.snapshot();
      assertThat(snapshot.isEmpty()).isTrue();
      assertThat(snapshot.toJson()).doesNotContain("anonymity");
      assertThat(registry.anonymityViolationsTotal()).isEqualTo(2);
    }

    @Test
    void surviveResetAndSubtract() {
      registry.recordAnonymityViolation();
      registry.recordRestRequest("GET", "/x", "9xx");

      registry.subtract(registry.snapshot());
      registry.reset();

      assertThat(registry.anonymityViolationsTotal()).isEqualTo(1);
      assertThat(registry.droppedRestRequestsTotal()).isEqualTo(1);
    }
  }

  /** Records one event of every kind. */
  private static void recordOneOfEach(CounterRegistry target) {
    target.recordSurface(Surface.CLI);
    target.recordBuiltinTool(BuiltinTool.RETRIEVE_TOOLS);
    target.recordUpstreamTool();
    target.recordRestRequest("GET", "/api/v1/servers", "2xx");
    target.recordRestRequest("GET", "api", "4xx");
    target.recordError(ErrorCategory.DOCKER_RUN_FAILED);
    target.recordDoctorRun(List.of(DoctorCheckResult.of("docker", true)));
  }

  @Nested
  class Reset {
    @Test
    void zeroesEveryCountButKeepsEverySurfaceKey() {
      recordOneOfEach(registry);

      registry.reset();

      RegistrySnapshot snapshot = registry.snapshot();
      assertThat(snapshot).isEqualTo(RegistrySnapshot.empty());
      assertThat(snapshot.surfaceRequests()).hasSize(5);
    }

    @Test
    void countsAgainFromZeroAfterwards() {
      recordOneOfEach(registry);
      registry.reset();

      recordOneOfEach(registry);

      CounterRegistry once = new CounterRegistry(DECLARED);
      recordOneOfEach(once);
      assertThat(registry.snapshot()).isEqualTo(once.snapshot());
    }
  }

  @Nested
  class Subtract {
    @Test
    void resetKeepsIncrementsThatArriveDuringSend() {
      recordOneOfEach(registry);
      RegistrySnapshot sent = registry.snapshot();
      registry.recordSurface(Surface.CLI);
      registry.recordUpstreamTool();
      registry.recordRestRequest("GET", "/api/v1/servers", "2xx");

      registry.subtract(sent);

      RegistrySnapshot remaining = registry.snapshot();
      assertThat(remaining.surfaceRequests()).isEqualTo(allSurfacesZeroExcept("cli", 1));
      assertThat(remaining.upstreamToolCalls()).isEqualTo(1);
      assertThat(remaining.restEndpointCalls()).isEqualTo(rest("GET /api/v1/servers", "2xx", 1));
      assertThat(remaining.builtinToolCalls()).isEmpty();
      assertThat(remaining.errorCategoryCounts()).isEmpty();
      assertThat(remaining.doctorChecks()).isEmpty();
    }

    @Test
    void dropsKeysThatReachZeroButKeepsSurfaces() {
      recordOneOfEach(registry);

      registry.subtract(registry.snapshot());

      assertThat(registry.snapshot()).isEqualTo(RegistrySnapshot.empty());
      assertThat(registry.snapshot().surfaceRequests()).hasSize(5);
    }

    @Test
    void neverTakesACountBelowZero() {
      recordOneOfEach(registry);
      RegistrySnapshot sent = registry.snapshot();
      registry.reset();
      registry.recordUpstreamTool();

      registry.subtract(sent);
      registry.recordUpstreamTool();

      assertThat(registry.snapshot().upstreamToolCalls()).isEqualTo(1);
    }

    @Test
    void ignoresKeysThisRegistryDoesNotHave() {
      registry.recordRestRequest("GET", "/x", "2xx");
      Map<String, SortedMap<String, Long>> calls = new HashMap<>(rest("GET /x", "2xx", 1));
      calls.putAll(rest("GET /never", "2xx", 5));
      calls.putAll(rest("nonsense", "2xx", 5));
      RegistrySnapshot foreign =
          new RegistrySnapshot(
              new TreeMap<>(Map.of("desktop", 3L)),
              new TreeMap<>(Map.of("unknown_tool", 1L)),
              0,
              new TreeMap<>(calls),
              new TreeMap<>(Map.of("disk_full", 1L)),
              new TreeMap<>(Map.of("never", new DoctorCounts(1, 1))));

      registry.subtract(foreign);

      assertThat(registry.snapshot()).isEqualTo(RegistrySnapshot.empty());
    }

    @Test
    void rejectsNull() {
      assertThatNullPointerException().isThrownBy(() -> registry.subtract(null));
    }
  }

  @Nested
  class Add {
    @Test
    void restoresASnapshotIntoAnEmptyRegistry() {
      CounterRegistry source = new CounterRegistry(DECLARED);
      recordOneOfEach(source);
      recordOneOfEach(source);
      RegistrySnapshot persisted = RegistrySnapshot.fromJson(source.snapshot().toJson());

      registry.add(persisted);

      assertThat(registry.snapshot()).isEqualTo(source.snapshot());
    }

    @Test
    void mergesWithCountsRecordedSinceStart() {
      recordOneOfEach(registry);
      CounterRegistry source = new CounterRegistry(DECLARED);
      recordOneOfEach(source);

      registry.add(source.snapshot());

      CounterRegistry twice = new CounterRegistry(DECLARED);
      recordOneOfEach(twice);
      recordOneOfEach(twice);
      assertThat(registry.snapshot()).isEqualTo(twice.snapshot());
    }

    @Test
    void validatesEditedKeysAsRecordingDoes() {
      String edited =
          "{\"surface_requests\":{\"desktop\":7,\"tray\":2},"
              + "\"builtin_tool_calls\":{\"github_create_issue\":3,\"code_execution\":1},"
              + "\"upstream_tool_calls\":4,"
              + "\"rest_endpoint_calls\":{"
              + "\"get /x\":{\"2xx\":1},"
              + "\"FOO /x\":{\"3xx\":1},"
              + "\"GET /x?token=abc\":{\"4xx\":1},"
              + "\"garbage\":{\"5xx\":1},"
              + "\"GET /y\":{\"6xx\":9,\"200\":9}},"
              + "\"error_category_counts\":{\"disk_full\":5,\"docker_pull_failed\":1},"
              + "\"doctor_checks\":{\"  \":{\"pass\":1,\"fail\":1},\"docker\":{\"pass\":1,\"fail\":0}}}";

      registry.add(RegistrySnapshot.fromJson(edited));

      RegistrySnapshot snapshot = registry.snapshot();
      assertThat(snapshot.surfaceRequests()).isEqualTo(allSurfacesZeroExcept("tray", 2));
      assertThat(snapshot.builtinToolCalls()).isEqualTo(Map.of("code_execution", 1L));
      assertThat(snapshot.upstreamToolCalls()).isEqualTo(4);
      assertThat(snapshot.restEndpointCalls())
          .isEqualTo(
              Map.of(
                  "GET /x", Map.of("2xx", 1L),
                  "OTHER /x", Map.of("3xx", 1L),
                  "UNMATCHED", Map.of("4xx", 1L, "5xx", 1L)));
      assertThat(snapshot.errorCategoryCounts()).isEqualTo(Map.of("docker_pull_failed", 1L));
      assertThat(snapshot.doctorChecks()).isEqualTo(Map.of("docker", new DoctorCounts(1, 0)));
    }

    @Test
    void foldsAndDropsRestoredNamesTheVocabularyDoesNotDeclare() {
      String persisted =
          "{\"rest_endpoint_calls\":{\"GET /home/alice\":{\"2xx\":3},\"GET /x\":{\"2xx\":1}},"
              + "\"doctor_checks\":{\"db01_corp_example\":{\"pass\":2,\"fail\":1}}}";

      registry.add(RegistrySnapshot.fromJson(persisted));

      RegistrySnapshot snapshot = registry.snapshot();
      assertThat(snapshot.restEndpointCalls())
          .isEqualTo(Map.of("GET /x", Map.of("2xx", 1L), "UNMATCHED", Map.of("2xx", 3L)));
      assertThat(snapshot.doctorChecks()).isEmpty();
      assertThat(registry.undeclaredRoutesTotal()).isEqualTo(3);
      assertThat(registry.undeclaredChecksTotal()).isEqualTo(3);
    }

    @Test
    void rejectsNull() {
      assertThatNullPointerException().isThrownBy(() -> registry.add(null));
    }
  }

  @Nested
  class NullSafeHelpers {
    @Test
    void doNothingWithoutARegistry() {
      CounterRegistry.recordSurfaceOn(null, Surface.CLI);
      CounterRegistry.recordBuiltinToolOn(null, "retrieve_tools");
      CounterRegistry.recordBuiltinToolOn(null, BuiltinTool.RETRIEVE_TOOLS);
      CounterRegistry.recordUpstreamToolOn(null);
      CounterRegistry.recordRestRequestOn(null, "GET", "/x", "2xx");
      CounterRegistry.recordErrorOn(null, ErrorCategory.SOCKET_BIND_FAILED);
      CounterRegistry.recordDoctorRunOn(null, List.of(DoctorCheckResult.of("docker", true)));

      assertThat(registry.snapshot().isEmpty()).isTrue();
    }

    @Test
    void recordOnARegistry() {
      CounterRegistry.recordSurfaceOn(registry, Surface.CLI);
      CounterRegistry.recordBuiltinToolOn(registry, "retrieve_tools");
      CounterRegistry.recordBuiltinToolOn(registry, BuiltinTool.RETRIEVE_TOOLS);
      CounterRegistry.recordUpstreamToolOn(registry);
      CounterRegistry.recordRestRequestOn(registry, "GET", "/x", "2xx");
      CounterRegistry.recordErrorOn(registry, ErrorCategory.SOCKET_BIND_FAILED);
      CounterRegistry.recordDoctorRunOn(registry, List.of(DoctorCheckResult.of("docker", true)));

      RegistrySnapshot snapshot = registry.snapshot();
      assertThat(snapshot.surfaceRequests()).isEqualTo(allSurfacesZeroExcept("cli", 1));
      assertThat(snapshot.builtinToolCalls()).isEqualTo(Map.of("retrieve_tools", 2L));
      assertThat(snapshot.upstreamToolCalls()).isEqualTo(1);
      assertThat(snapshot.restEndpointCalls()).isEqualTo(rest("GET /x", "2xx", 1));
      assertThat(snapshot.errorCategoryCounts()).isEqualTo(Map.of("socket_bind_failed", 1L));
      assertThat(snapshot.doctorChecks()).isEqualTo(Map.of("docker", new DoctorCounts(1, 0)));
    }
  }

  @Nested
  class Concurrency {
    private static final int RECORDERS = 4;
    private static final int ROUNDS = 20_000;

    /** Records a known mix of every kind of event; round {@code i} of recorder {@code r}. */
    private void recordRound(CounterRegistry target, int recorder, int round) {
      Surface[] surfaces = Surface.values();
      BuiltinTool[] tools = BuiltinTool.values();
      ErrorCategory[] errors = ErrorCategory.values();
      String[] methods = {"GET", "post", "PROPFIND"};
      String[] classes = {"2xx", "3xx", "4xx", "5xx"};
      target.recordSurface(surfaces[round % surfaces.length]);
      target.recordBuiltinTool(tools[(round + recorder) % tools.length].wireName());
      target.recordUpstreamTool();
      target.recordRestRequest(
          methods[round % methods.length], "/api/r" + (round % 5), classes[round % classes.length]);
      if (round % 7 == 0) {
        target.recordRestRequest("GET", "no-slash", "5xx");
      }
      target.recordError(errors[round % errors.length]);
      target.recordDoctorRun(List.of(DoctorCheckResult.of("check_" + (round % 3), round % 2 == 0)));
    }

    @Test
    void sentPlusRemainingEqualsRecordedExactlyForEveryKey() throws InterruptedException {
      CounterRegistry sentTotal = new CounterRegistry(DECLARED);
      AtomicBoolean recording = new AtomicBoolean(true);
      AtomicInteger cycles = new AtomicInteger();
      CountDownLatch firstCycleDone = new CountDownLatch(1);
      Concurrently.Race<Void> sender =
          Concurrently.start(
              1,
              thread -> {
                try {
                  do {
                    RegistrySnapshot sent = registry.snapshot();
                    registry.subtract(sent);
                    sentTotal.add(sent);
                    cycles.incrementAndGet();
                    firstCycleDone.countDown();
                  } while (recording.get());
                  return null;
                } finally {
                  firstCycleDone.countDown();
                }
              });
      assertThat(firstCycleDone.await(10, TimeUnit.SECONDS)).isTrue();
      Concurrently.run(
          RECORDERS,
          recorder -> {
            for (int round = 0; round < ROUNDS; round++) {
              recordRound(registry, recorder, round);
            }
          });
      recording.set(false);
      // Rethrows whatever failed on the sender's thread.
      sender.await(Duration.ofSeconds(60));

      sentTotal.add(registry.snapshot());

      CounterRegistry expected = new CounterRegistry(DECLARED);
      for (int r = 0; r < RECORDERS; r++) {
        for (int round = 0; round < ROUNDS; round++) {
          recordRound(expected, r, round);
        }
      }
      RegistrySnapshot all = sentTotal.snapshot();
      assertThat(all).isEqualTo(expected.snapshot());
      assertThat(all.upstreamToolCalls()).isEqualTo((long) RECORDERS * ROUNDS);
      assertThat(all.surfaceRequests().values().stream().mapToLong(Long::longValue).sum())
          .isEqualTo((long) RECORDERS * ROUNDS);
      assertThat(all.restEndpointCalls().get("UNMATCHED").get("5xx"))
          .isEqualTo((long) RECORDERS * ((ROUNDS + 6) / 7));
      assertThat(cycles.get()).isPositive();
    }
  }

  @Nested
  class Allocation {
    @Test
    void recordingAnExistingKeyAllocatesNothing() throws ReflectiveOperationException {
      LongSupplier allocatedBytes = currentThreadAllocatedBytes();
      List<DoctorCheckResult> run = List.of(DoctorCheckResult.of("docker", true));
      String method = new String("get".toCharArray());
      String template = new String("/api/v1/servers/{name}".toCharArray());
      String tool = new String("call_tool_read".toCharArray());
      Runnable recordAll =
          () -> {
            registry.recordSurface(Surface.WEBUI);
            registry.recordBuiltinTool(tool);
            registry.recordBuiltinTool(BuiltinTool.CODE_EXECUTION);
            registry.recordBuiltinTool("not_a_builtin");
            registry.recordUpstreamTool();
            registry.recordRestRequest(method, template, "2xx");
            registry.recordRestRequest("DELETE", "/x?y", "4xx");
            registry.recordRestRequest("GET", template, 503);
            registry.recordError(ErrorCategory.INDEX_REBUILD_FAILED);
            registry.recordDoctorRun(run);
            registry.recordAnonymityViolation();
          };
      for (int i = 0; i < 1_000; i++) {
        recordAll.run();
        allocatedBytes.getAsLong();
      }

      long before = allocatedBytes.getAsLong();
      for (int i = 0; i < 10_000; i++) {
        recordAll.run();
      }
      long allocated = allocatedBytes.getAsLong() - before;

      // Any allocation per call would be at least 16 bytes x 110,000 calls; the slack covers
      // the measuring call itself.
      assertThat(allocated).isLessThan(1_024);
    }

    /** Reads this thread's allocation counter; reflective, as the module does not read it. */
    private LongSupplier currentThreadAllocatedBytes() throws ReflectiveOperationException {
      Object bean =
          Class.forName("java.lang.management.ManagementFactory")
              .getMethod("getThreadMXBean")
              .invoke(null);
      Class<?> sunBean = Class.forName("com.sun.management.ThreadMXBean");
      assumeThat(sunBean.isInstance(bean)).as("HotSpot thread allocation counter").isTrue();
      Method counter = sunBean.getMethod("getCurrentThreadAllocatedBytes");
      return () -> {
        try {
          return (Long) counter.invoke(bean);
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        }
      };
    }
  }
}
