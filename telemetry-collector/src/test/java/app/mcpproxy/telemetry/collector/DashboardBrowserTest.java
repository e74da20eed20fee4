package app.mcpproxy.telemetry.collector;

import static org.assertj.core.api.Assertions.assertThat;

import app.mcpproxy.telemetry.testing.MutableClock;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The dashboard in a real headless Chromium, drawing charts from a seeded collector. */
class DashboardBrowserTest {

  @TempDir Path dataDir;

  @RegisterExtension final HeadlessChromium chromium = HeadlessChromium.withWindow(1400, 1800);

  private final MutableClock clock = MutableClock.at("2025-03-10T12:00:00Z");
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

  /** 8 linux and 4 darwin installs over three days; 6 of them on v0.25.0, upgraded from v0.24.0. */
  private void seed() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    for (int i = 0; i < 12; i++) {
      ObjectNode heartbeat = TestHeartbeats.ofNewInstall().put("os", i < 8 ? "linux" : "darwin");
      if (i < 6) {
        heartbeat.put("previous_version", "v0.24.0");
      } else {
        heartbeat.put("version", "v0.24.0").put("current_version", "v0.24.0");
      }
      int days = i % 3 + 1;
      for (int day = 0; day < days; day++) {
        clock.set(Instant.parse("2025-03-08T09:00:00Z").plus(Duration.ofDays(day)));
        HttpRequest post =
            HttpRequest.newBuilder(collector.baseUri().resolve("v1/heartbeat"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(heartbeat.toString()))
                .build();
        assertThat(http.send(post, BodyHandlers.discarding()).statusCode()).isEqualTo(204);
      }
    }
    clock.set(Instant.parse("2025-03-10T12:00:00Z"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void drawsTheSeededAggregatesInItsCharts() throws Exception {
    chromium.browser().get(collector.baseUri().toString());
    chromium.waitUntilRendered();

    assertThat(chart("chart-os"))
        .isEqualTo(Map.of("labels", List.of("linux", "other"), "data", List.of(8L, 4L)));
    assertThat(chart("chart-version"))
        .isEqualTo(Map.of("labels", List.of("v0.24.0", "v0.25.0"), "data", List.of(6L, 6L)));
    assertThat(chart("chart-upgrades"))
        .isEqualTo(Map.of("labels", List.of("v0.24.0 -> v0.25.0"), "data", List.of(6L)));
    Map<String, Object> daily = chart("chart-daily");
    assertThat((List<Object>) daily.get("labels"))
        .hasSize(30)
        .endsWith("2025-03-08", "2025-03-09", "2025-03-10");
    assertThat((List<Object>) daily.get("data")).endsWith(12L, 8L, 4L);
    assertThat(chromium.browser().findElement(By.id("total-installs")).getText()).isEqualTo("12");
    assertThat(chromium.browser().findElement(By.id("status")).getText())
        .contains("2025-02-09 to 2025-03-10");

    Path screenshot =
        ((TakesScreenshot) chromium.browser()).getScreenshotAs(OutputType.FILE).toPath();
    Path kept = Path.of("target", "dashboard-screenshot.png");
    Files.createDirectories(kept.getParent());
    Files.copy(screenshot, kept, StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void redrawsTheChartsForTheRangeAskedFor() {
    chromium.browser().get(collector.baseUri().toString());
    chromium.waitUntilRendered();

    ((JavascriptExecutor) chromium.browser())
        .executeScript(
            "document.getElementById('from').value = '2025-03-09';"
                + "document.getElementById('to').value = '2025-03-10';");
    chromium.browser().findElement(By.cssSelector("#range button")).click();
    new WebDriverWait(chromium.browser(), Duration.ofSeconds(20))
        .until(
            driver ->
                chart("chart-daily").get("labels").equals(List.of("2025-03-09", "2025-03-10")));

    assertThat(chart("chart-daily").get("data")).isEqualTo(List.of(8L, 4L));
    assertThat(chart("chart-os"))
        .isEqualTo(Map.of("labels", List.of("linux", "other"), "data", List.of(5L, 3L)));
    assertThat(chromium.browser().findElement(By.id("total-installs")).getText()).isEqualTo("8");
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> chart(String canvasId) {
    return (Map<String, Object>)
        ((JavascriptExecutor) chromium.browser())
            .executeScript(
                "const chart = Chart.getChart(document.getElementById(arguments[0]));"
                    + "return {labels: chart.data.labels, data: chart.data.datasets[0].data};",
                canvasId);
  }
}
