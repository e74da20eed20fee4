package app.mcpproxy.telemetry.collector;

import static org.assertj.core.api.Assertions.assertThat;

import app.mcpproxy.telemetry.testing.MutableClock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;

/**
 * The dashboard's insight views (activity, retention, version adoption, funnel) in a real headless
 * Chromium: each draws the seeded fleet, the filters change what every view shows, the download
 * links give what the API gives, and a screenshot of each view is kept under {@code
 * target/screenshots}.
 */
class InsightDashboardBrowserTest {
  private static final List<String> VIEWS =
      List.of("overview", "activity", "retention", "versions", "funnel");

  @TempDir Path dataDir;

  @RegisterExtension final HeadlessChromium chromium = HeadlessChromium.withWindow(1400, 1800);

  private final MutableClock clock = MutableClock.at("2025-03-10T12:00:00Z");
  private final HttpClient http = HttpClient.newHttpClient();
  private Collector collector;

  @BeforeEach
  void seedCollector() throws Exception {
    collector =
        Collector.builder(
                CollectorOptions.defaults(dataDir)
                    .withListen("127.0.0.1:0")
                    .withRateLimit(RateLimit.unlimited()))
            .clock(clock)
            .build();
    collector.start();
    seed();
  }

  @AfterEach
  void close() {
    if (collector != null) {
      collector.close();
    }
  }

  /**
   * 30 people's installs (interactive; a third on macOS) in three weekly cohorts from 2025-02-17,
   * six of each ten coming back every other day, the rest for two days; all upgrade from v0.24.0 to
   * v0.25.0 on 2025-03-03. And 15 CI installs (Linux, v0.25.0), five a day on 2025-03-02 to 03-04,
   * each seen on that day only.
   */
  private void seed() throws Exception {
    Map<LocalDate, List<ObjectNode>> byDay = new TreeMap<>();
    LocalDate upgrade = LocalDate.parse("2025-03-03");
    LocalDate today = LocalDate.parse("2025-03-10");
    for (int i = 0; i < 30; i++) {
      String id = UUID.randomUUID().toString();
      LocalDate first = LocalDate.parse("2025-02-17").plusDays(7L * (i / 10));
      boolean stays = i % 10 < 6;
      for (LocalDate day = first; !day.isAfter(today); day = day.plusDays(1)) {
        long since = day.toEpochDay() - first.toEpochDay();
        if (stays ? since % 2 == 0 : since < 2) {
          ObjectNode heartbeat =
              TestHeartbeats.complete()
                  .put("anonymous_id", id)
                  .put("os", i % 3 == 0 ? "darwin" : "linux")
                  .put("env_kind", "interactive");
          version(heartbeat, day.isBefore(upgrade) ? "v0.24.0" : "v0.25.0");
          ObjectNode activation = (ObjectNode) heartbeat.get("activation");
          activation.put("first_connected_server_ever", i % 10 < 8);
          activation.put("first_mcp_client_ever", i % 10 < 6);
          activation.put("first_retrieve_tools_call_ever", i % 10 < 4);
          byDay.computeIfAbsent(day, d -> new ArrayList<>()).add(heartbeat);
        }
      }
    }
    for (int i = 0; i < 15; i++) {
      ObjectNode heartbeat = TestHeartbeats.ofNewInstall().put("os", "linux").put("env_kind", "ci");
      version(heartbeat, "v0.25.0");
      ((ObjectNode) heartbeat.get("activation")).put("first_connected_server_ever", false);
      byDay
          .computeIfAbsent(LocalDate.parse("2025-03-02").plusDays(i / 5), d -> new ArrayList<>())
          .add(heartbeat);
    }
    for (Map.Entry<LocalDate, List<ObjectNode>> day : byDay.entrySet()) {
      clock.set(Instant.parse(day.getKey() + "T09:00:00Z"));
      List<CompletableFuture<HttpResponse<Void>>> sent = new ArrayList<>();
      for (ObjectNode heartbeat : day.getValue()) {
        sent.add(
            http.sendAsync(
                HttpRequest.newBuilder(collector.baseUri().resolve("v1/heartbeat"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(heartbeat.toString()))
                    .build(),
                BodyHandlers.discarding()));
      }
      for (CompletableFuture<HttpResponse<Void>> answer : sent) {
        assertThat(answer.get().statusCode()).isEqualTo(204);
      }
    }
    clock.set(Instant.parse("2025-03-10T12:00:00Z"));
  }

  private static void version(ObjectNode heartbeat, String version) {
    heartbeat
        .put("version", version)
        .put("current_version", version)
        .put("previous_version", version.equals("v0.25.0") ? "v0.24.0" : "");
  }

  @Test
  @SuppressWarnings("unchecked")
  void eachViewDrawsTheSeededFleet() throws Exception {
    chromium.browser().get(collector.baseUri().toString());
    chromium.waitUntilRendered();

    JsonNode activity = api("activity", "");
    Map<String, Object> activityChart = chart("chart-activity");
    assertThat(activityChart.get("labels")).isEqualTo(texts(activity.get("days"), "day"));
    assertThat(dataset(activityChart, "new"))
        .isEqualTo(numbers(activity.get("days"), "new_installs"));
    assertThat(dataset(activityChart, "returning"))
        .isEqualTo(numbers(activity.get("days"), "returning"));
    assertThat(dataset(activityChart, "gone")).isEqualTo(numbers(activity.get("days"), "gone"));
    // 2025-03-03: the third cohort's 10 people and 5 CI installs are new.
    assertThat(((List<Object>) dataset(activityChart, "new")).get(22)).isEqualTo(15L);

    List<List<String>> retention = table("retention-table");
    assertThat(retention.get(0)).startsWith("first seen (week of)", "installs", "week 0", "week 1");
    assertThat(retention)
        .extracting(row -> row.get(0))
        .contains("2025-02-17", "2025-02-24", "2025-03-03");
    assertThat(retention.get(1)).startsWith("2025-02-17", "10", "100.0%", "60.0%");
    assertThat(chromium.browser().findElement(By.id("one-and-done")).getText()).endsWith("%");

    Map<String, Object> versions = chart("chart-versions");
    assertThat(datasetLabels(versions)).containsExactly("v0.25.0", "v0.24.0", "other");
    assertThat(((List<Object>) dataset(versions, "v0.24.0")).get(8)).isEqualTo(10L);

    List<List<String>> funnel = table("funnel-table");
    assertThat(funnel)
        .extracting(row -> row.get(0))
        .containsExactly(
            "step", "reported", "connected_server", "mcp_client", "retrieve_tools_call");
    assertThat(funnel.get(2)).containsExactly("connected_server", "24", "53.3%", "53.3%");
    assertThat(datasetLabels(chart("chart-funnel-env")))
        .containsExactly("interactive (30)", "ci (15)");

    Path screenshots = Path.of("target", "screenshots");
    Files.createDirectories(screenshots);
    for (String view : VIEWS) {
      WebElement section = chromium.browser().findElement(By.id("view-" + view));
      ((JavascriptExecutor) chromium.browser())
          .executeScript("arguments[0].scrollIntoView()", section);
      Files.write(screenshots.resolve(view + ".png"), section.getScreenshotAs(OutputType.BYTES));
    }
  }

  @Test
  void peopleOnlyChangesWhatEveryViewShows() throws Exception {
    chromium.browser().get(collector.baseUri().toString());
    chromium.waitUntilRendered();
    Map<String, Object> before = everything();

    chromium.browser().findElement(By.id("people-only")).click();
    chromium.waitUntilRendered();

    Map<String, Object> after = everything();
    before.forEach(
        (what, shown) -> assertThat(after.get(what)).as(what + " changes").isNotEqualTo(shown));
    assertThat(datasetLabels(chart("chart-funnel-env"))).containsExactly("interactive (30)");
    assertThat(chart("chart-env_kind").get("labels")).isEqualTo(List.of("interactive"));
    assertThat(dataset(chart("chart-activity"), "new"))
        .isEqualTo(numbers(api("activity", "people_only=true").get("days"), "new_installs"));

    Files.createDirectories(Path.of("target", "screenshots"));
    Files.write(
        Path.of("target", "screenshots", "people-only.png"),
        chromium.browser().getScreenshotAs(OutputType.BYTES));
  }

  @Test
  void aFilterOnOsAndVersionReachesTheApiAndTheExports() throws Exception {
    chromium.browser().get(collector.baseUri().toString());
    chromium.waitUntilRendered();
    new org.openqa.selenium.support.ui.Select(chromium.browser().findElement(By.id("filter-os")))
        .selectByValue("linux");
    new org.openqa.selenium.support.ui.Select(
            chromium.browser().findElement(By.id("filter-version")))
        .selectByValue("v0.25.0");
    chromium.browser().findElement(By.cssSelector("#filters button[type=submit]")).click();
    chromium.waitUntilRendered();

    String query = "os=linux&version=v0.25.0";
    assertThat(chromium.browser().findElement(By.id("total-installs")).getText())
        .isEqualTo(api("overview", query).get("installs").asText());
    for (String view : VIEWS) {
      String csvHref =
          chromium
              .browser()
              .findElement(By.cssSelector("#view-" + view + " .exports a.export-csv"))
              .getAttribute("href");
      String jsonHref =
          chromium
              .browser()
              .findElement(By.cssSelector("#view-" + view + " .exports a.export-json"))
              .getAttribute("href");
      assertThat(csvHref).contains("os=linux").contains("version=v0.25.0").endsWith("format=csv");
      HttpResponse<String> csv = get(URI.create(csvHref));
      assertThat(csv.statusCode()).isEqualTo(200);
      assertThat(csv.headers().firstValue("Content-Type")).hasValue("text/csv; charset=utf-8");
      assertThat(TestHeartbeats.MAPPER.readTree(get(URI.create(jsonHref)).body()))
          .isEqualTo(api(view, query + "&from=2025-02-09&to=2025-03-10"));
    }
    // The activity download holds the figures the chart shows.
    String csvHref =
        chromium
            .browser()
            .findElement(By.cssSelector("#view-activity .exports a.export-csv"))
            .getAttribute("href");
    List<String> lines = get(URI.create(csvHref)).body().lines().toList();
    assertThat(lines.get(0)).isEqualTo("day,active,new,returning,gone");
    List<Object> newPerDay = new ArrayList<>();
    lines.stream()
        .skip(1)
        .forEach(
            line -> {
              String cell = line.split(",", -1)[2];
              newPerDay.add(cell.isEmpty() ? null : Long.valueOf(cell));
            });
    assertThat(newPerDay).isEqualTo(dataset(chart("chart-activity"), "new"));
  }

  /** What each view shows, to compare before and after a filter. */
  private Map<String, Object> everything() {
    Map<String, Object> shown = new LinkedHashMap<>();
    for (String canvas :
        List.of(
            "chart-daily",
            "chart-env_kind",
            "chart-activity",
            "chart-versions",
            "chart-funnel-env")) {
      shown.put(canvas, chartData(canvas));
    }
    shown.put("retention-table", table("retention-table"));
    shown.put("funnel-table", table("funnel-table"));
    return shown;
  }

  private JsonNode api(String view, String query) throws Exception {
    HttpResponse<String> answer =
        get(collector.baseUri().resolve("v1/stats/" + view + (query.isEmpty() ? "" : "?" + query)));
    assertThat(answer.statusCode()).isEqualTo(200);
    return TestHeartbeats.MAPPER.readTree(answer.body());
  }

  private HttpResponse<String> get(URI uri) throws Exception {
    return http.send(HttpRequest.newBuilder(uri).build(), BodyHandlers.ofString());
  }

  private static List<Object> texts(JsonNode array, String field) {
    List<Object> values = new ArrayList<>();
    array.forEach(item -> values.add(item.get(field).asText()));
    return values;
  }

  private static List<Object> numbers(JsonNode array, String field) {
    List<Object> values = new ArrayList<>();
    array.forEach(item -> values.add(item.get(field).isNull() ? null : item.get(field).asLong()));
    return values;
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> chart(String canvasId) {
    return (Map<String, Object>)
        ((JavascriptExecutor) chromium.browser())
            .executeScript(
                "const chart = Chart.getChart(document.getElementById(arguments[0]));"
                    + "return {labels: chart.data.labels, datasets: chart.data.datasets.map("
                    + "d => ({label: d.label, data: d.data}))};",
                canvasId);
  }

  private Object chartData(String canvasId) {
    return chart(canvasId).get("datasets");
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> datasets(Map<String, Object> chart) {
    return (List<Map<String, Object>>) chart.get("datasets");
  }

  private static Object dataset(Map<String, Object> chart, String label) {
    return datasets(chart).stream()
        .filter(d -> label.equals(d.get("label")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no dataset " + label))
        .get("data");
  }

  private static List<Object> datasetLabels(Map<String, Object> chart) {
    return datasets(chart).stream().map(d -> d.get("label")).toList();
  }

  @SuppressWarnings("unchecked")
  private List<List<String>> table(String id) {
    return (List<List<String>>)
        ((JavascriptExecutor) chromium.browser())
            .executeScript(
                "return Array.from(document.getElementById(arguments[0]).rows)"
                    + ".map(r => Array.from(r.cells).map(c => c.textContent));",
                id);
  }
}
