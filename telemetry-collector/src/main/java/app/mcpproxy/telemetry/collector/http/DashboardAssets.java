package app.mcpproxy.telemetry.collector.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The dashboard's files, read once from the jar: the page, its script and style, and Chart.js from
 * its WebJar. Nothing is fetched from anywhere else, so the dashboard works offline.
 */
public final class DashboardAssets {
  /**
   * Allows only this origin's own files; the page loads no script, style or data from elsewhere.
   */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  /**
   * One file.
   *
   * @param contentType its media type
   * @param bytes its content
   */
  @SuppressWarnings("ArrayRecordComponent") // loaded once and served as is, never compared
  record Asset(String contentType, byte[] bytes) {}

  private final Map<String, Asset> byPath;

  private DashboardAssets(Map<String, Asset> byPath) {
    this.byPath = byPath;
  }

  public static DashboardAssets load() {
    String chartJs =
        "/META-INF/resources/webjars/chart.js/" + chartJsVersion() + "/dist/chart.umd.min.js";
    return new DashboardAssets(
        Map.of(
            "/",
            asset("text/html; charset=utf-8", "dashboard/index.html"),
            "/assets/dashboard.js",
            asset("text/javascript; charset=utf-8", "dashboard/dashboard.js"),
            "/assets/dashboard.css",
            asset("text/css; charset=utf-8", "dashboard/dashboard.css"),
            "/assets/chart.umd.min.js",
            asset("text/javascript; charset=utf-8", chartJs)));
  }

  Optional<Asset> find(String path) {
    return Optional.ofNullable(byPath.get(path));
  }

  private static String chartJsVersion() {
    Properties properties = new Properties();
    try (InputStream in = DashboardAssets.class.getResourceAsStream("collector.properties")) {
      if (in == null) {
        throw new IllegalStateException("collector.properties missing from the jar");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read collector.properties", e);
    }
    return properties.getProperty("chartjs.version");
  }

  private static Asset asset(String contentType, String resource) {
    try (InputStream in = DashboardAssets.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("dashboard resource missing from the jar: " + resource);
      }
      return new Asset(contentType, in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read dashboard resource " + resource, e);
    }
  }
}
