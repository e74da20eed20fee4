package app.mcpproxy.telemetry.collector.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouteTest {
  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource({
    "POST, /v1/heartbeat, HEARTBEAT",
    "POST, /v1/feedback, FEEDBACK_SUBMIT",
    "GET, /v1/feedback, FEEDBACK_LIST",
    "DELETE, /v1/installs/0f8fad5b-d9cb-469f-a165-70867728950e, ERASE_INSTALL",
    "GET, /v1/stats, STATS",
    "GET, /v1/stats/retention, STATS_VIEW",
    "GET, /, DASHBOARD",
    "GET, /assets/dashboard.js, ASSET",
    "GET, /healthz, HEALTH",
    "GET, /metrics, METRICS",
  })
  void findsTheRouteOfAMethodAndPath(String method, String path, Route route) {
    assertThat(Route.find(method, path)).contains(route);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "GET, /v1/heartbeat",
    "POST, /v1/heartbeat/",
    "DELETE, /v1/installs/",
    "DELETE, /v1/installs/a/b",
    "GET, /v1/stats/",
    "GET, /v1/stats/retention/extra",
    "GET, /assets/",
    "GET, /index.html",
  })
  void findsNoRouteForOtherRequests(String method, String path) {
    assertThat(Route.find(method, path)).isEmpty();
  }

  @ParameterizedTest(name = "{0} -> [{1}]")
  @CsvSource({
    "/v1/feedback, 'POST, GET'",
    "/v1/heartbeat, POST",
    "/nowhere, ''",
  })
  void listsTheMethodsAPathAccepts(String path, String allowed) {
    assertThat(Route.allowedMethods(path)).isEqualTo(allowed);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "HEARTBEAT, POST /v1/heartbeat",
    "ERASE_INSTALL, 'DELETE /v1/installs/{anonymous_id}'",
  })
  void labelsMetricsWithTheTemplateNeverTheRawPath(Route route, String label) {
    assertThat(route.label()).isEqualTo(label);
  }
}
