package app.mcpproxy.telemetry.collector;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, one fresh profile per test; register it with {@code
 * RegisterExtension}. A test is skipped, not failed, where Chromium or its driver is not installed:
 * CI installs both.
 */
final class HeadlessChromium implements BeforeEachCallback, AfterEachCallback {
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Duration RENDER_WAIT = Duration.ofSeconds(20);

  private final int width;
  private final int height;
  private @Nullable Path profile;
  private @Nullable ChromeDriver browser;

  private HeadlessChromium(int width, int height) {
    this.width = width;
    this.height = height;
  }

  /** A browser whose window, and so whose screenshots, have this size in pixels. */
  static HeadlessChromium withWindow(int width, int height) {
    return new HeadlessChromium(width, height);
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    assumeTrue(
        Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM),
        "browser test skipped: install Debian's chromium and chromium-driver");
    profile = Files.createTempDirectory("chromium-profile");
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
        "--window-size=" + width + "," + height,
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
            .usingAnyFreePort()
            .build();
    browser = new ChromeDriver(service, options);
  }

  @Override
  public void afterEach(ExtensionContext context) throws IOException {
    if (browser != null) {
      browser.quit();
      browser = null;
    }
    if (profile != null) {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(HeadlessChromium::delete);
      }
      profile = null;
    }
  }

  /** The browser of the running test. */
  ChromeDriver browser() {
    if (browser == null) {
      throw new IllegalStateException("the browser is open only while a test runs");
    }
    return browser;
  }

  /** Waits until the page marks its body {@code data-rendered="true"}: its charts are drawn. */
  void waitUntilRendered() {
    new WebDriverWait(browser(), RENDER_WAIT)
        .until(
            driver ->
                "true"
                    .equals(driver.findElement(By.tagName("body")).getAttribute("data-rendered")));
  }

  private static void delete(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
