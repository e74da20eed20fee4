package app.mcpproxy.telemetry.collector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The public "what we collect" page in a real headless Chromium, reached from the dashboard. */
class WhatWeCollectBrowserTest {

  @TempDir Path dataDir;

  @RegisterExtension final HeadlessChromium chromium = HeadlessChromium.withWindow(1400, 2400);

  private Collector collector;

  @BeforeEach
  void startCollector() throws Exception {
    collector =
        Collector.builder(CollectorOptions.defaults(dataDir).withListen("127.0.0.1:0")).build();
    collector.start();
  }

  @AfterEach
  void close() {
    if (collector != null) {
      collector.close();
    }
  }

  @Test
  void theDashboardLinksToAPageThatShowsEveryFieldOfTheJson() throws Exception {
    chromium.browser().get(collector.baseUri().toString());
    WebDriverWait wait = new WebDriverWait(chromium.browser(), Duration.ofSeconds(20));
    wait.until(
            ExpectedConditions.elementToBeClickable(By.cssSelector("a[href='/what-we-collect']")))
        .click();
    wait.until(ExpectedConditions.titleContains("What we collect"));

    JsonNode json = new ObjectMapper().readTree(fetch("v1/what-we-collect"));
    List<WebElement> rows =
        chromium.browser().findElements(By.cssSelector("#field-table tbody tr"));
    assertThat(rows).hasSize(json.get("fields").size());
    WebElement edition = chromium.browser().findElement(By.id("field-edition"));
    assertThat(edition.getText()).contains("personal").contains("server");
    assertThat(edition.isDisplayed()).isTrue();
    assertThat(chromium.browser().findElement(By.id("see-and-stop")).isDisplayed()).isTrue();
    assertThat(chromium.browser().findElement(By.tagName("body")).getText())
        .contains("mcpproxy-telemetry show-payload")
        .contains("DO_NOT_TRACK")
        .contains("fewer than 5 installs");

    Path screenshot =
        ((TakesScreenshot) chromium.browser()).getScreenshotAs(OutputType.FILE).toPath();
    Path kept = Path.of("target", "screenshots", "what-we-collect.png");
    Files.createDirectories(kept.getParent());
    Files.copy(screenshot, kept, StandardCopyOption.REPLACE_EXISTING);
    assertThat(Files.size(kept)).isGreaterThan(10_000);
  }

  private String fetch(String path) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(collector.baseUri().resolve(path)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }
}
