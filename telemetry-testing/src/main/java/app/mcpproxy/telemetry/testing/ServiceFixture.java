package app.mcpproxy.telemetry.testing;

import app.mcpproxy.telemetry.env.ProcessEnvironment;
import app.mcpproxy.telemetry.service.TelemetryService;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * Telemetry services for tests that must not depend on the machine they run on: no environment
 * variables (so CI's {@code CI=true} does not switch telemetry off), Linux on amd64, and all files
 * under one test directory.
 */
public final class ServiceFixture {
  /** The host version a fixture service reports unless a test sets another. */
  public static final String VERSION = "v1.0.0";

  private ServiceFixture() {}

  /**
   * A process with no environment variables, on Linux and amd64, whose home is {@code home}; other
   * probes keep their defaults.
   *
   * @param home the home directory
   * @return a new builder
   */
  public static ProcessEnvironment.Builder process(Path home) {
    return ProcessEnvironment.builder()
        .env(Map.of())
        .goOs("linux")
        .goArch("amd64")
        .homeDirectory(home);
  }

  /**
   * A service reading {@code dir/mcp_config.json}, storing under {@code dir/data}, in {@link
   * #process(Path) a process} whose home is {@code dir}, sending to {@code endpoint}.
   *
   * @param dir the test's directory
   * @param endpoint where heartbeats go, usually a {@link RecordingServer}'s
   * @return a new builder; a test sets what else it is about
   */
  public static TelemetryService.Builder builder(Path dir, URI endpoint) {
    return TelemetryService.builder()
        .config(dir.resolve("mcp_config.json"))
        .dataDir(dir.resolve("data"))
        .version(VERSION)
        .processEnvironment(process(dir).build())
        .endpoint(endpoint);
  }
}
