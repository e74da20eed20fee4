package app.mcpproxy.telemetry.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import app.mcpproxy.telemetry.testing.MutableClock;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
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
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The dashboard in a real headless Chromium, drawing charts from a seeded collector. */
class DashboardBrowserTest {
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  @TempDir Path dataDir;
  @TempDir Path browserProfile;

  private final MutableClock clock = MutableClock.at("2025-03-10T12:00:00Z");
  private Collector collector;
  private ChromeDriver browser;

  @BeforeEach
  void seedCollectorAndOpenBrowser() throws Exception {
    assumeTrue(
        Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM),
        "dashboard browser test skipped: install Debian's chromium and chromium-driver");
    collector =
        Collector.builder(
                CollectorOptions.defaults(dataDir)
                    .withListen("127.0.0.1:0")
                    .withRateLimit(RateLimit.unlimited()))
            .clock(clock)
            .build();
    collector.start();
    seed();

    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1400,1800",
        "--user-data-dir=" + browserProfile);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
            .usingAnyFreePort()
            .build();
    browser = new ChromeDriver(service, options);
  }

  @AfterEach
  void close() {
    if (browser != null) {
      browser.quit();
    }
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
    browser.get(collector.baseUri().toString());
    waitUntilRendered();

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
    assertThat(browser.findElement(By.id("total-installs")).getText()).isEqualTo("12");
    assertThat(browser.findElement(By.id("status")).getText()).contains("2025-02-09 to 2025-03-10");

    Path screenshot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
    Path kept = Path.of("target", "dashboard-screenshot.png");
    Files.createDirectories(kept.getParent());
    Files.copy(screenshot, kept, StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void redrawsTheChartsForTheRangeAskedFor() {
    browser.get(collector.baseUri().toString());
    waitUntilRendered();

    ((JavascriptExecutor) browser)
        .executeScript(
            "document.getElementById('from').value = '2025-03-09';"
                + "document.getElementById('to').value = '2025-03-10';");
    browser.findElement(By.cssSelector("#range button")).click();
    new WebDriverWait(browser, Duration.ofSeconds(20))
        .until(
            driver ->
                chart("chart-daily").get("labels").equals(List.of("2025-03-09", "2025-03-10")));

    assertThat(chart("chart-daily").get("data")).isEqualTo(List.of(8L, 4L));
    assertThat(chart("chart-os"))
        .isEqualTo(Map.of("labels", List.of("linux", "other"), "data", List.of(5L, 3L)));
    assertThat(browser.findElement(By.id("total-installs")).getText()).isEqualTo("8");
  }

  private void waitUntilRendered() {
    new WebDriverWait(browser, Duration.ofSeconds(20))
        .until(
            driver ->
                "true"
                    .equals(driver.findElement(By.tagName("body")).getAttribute("data-rendered")));
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> chart(String canvasId) {
    return (Map<String, Object>)
        ((JavascriptExecutor) browser)
            .executeScript(
                "const chart = Chart.getChart(document.getElementById(arguments[0]));"
                    + "return {labels: chart.data.labels, data: chart.data.datasets[0].data};",
                canvasId);
  }
}
