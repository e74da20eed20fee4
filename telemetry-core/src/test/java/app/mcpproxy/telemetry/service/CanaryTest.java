package app.mcpproxy.telemetry.service;

import static org.assertj.core.api.Assertions.assertThat;

import app.mcpproxy.telemetry.config.ConfigException;
import app.mcpproxy.telemetry.env.AutostartReader;
import app.mcpproxy.telemetry.env.ProcessEnvironment;
import app.mcpproxy.telemetry.model.ActivationState;
import app.mcpproxy.telemetry.model.DoctorCheckResult;
import app.mcpproxy.telemetry.model.RuntimeStats;
import app.mcpproxy.telemetry.store.TelemetryDatabase;
import app.mcpproxy.telemetry.testing.MutableClock;
import app.mcpproxy.telemetry.testing.RecordingServer;
import app.mcpproxy.telemetry.testing.RecordingServer.Recorded;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Puts a unique canary value into every input a host or its user controls, sends through the real
 * service to a loopback server, and checks that none of them arrives.
 */
class CanaryTest {
  @TempDir Path dir;

  private final List<String> canaries = new ArrayList<>();

  /** A fresh canary, unlike any word of the payload and any other canary. */
  private String canary(String where) {
    String value = "kanarie" + canaries.size() + "q" + where.replaceAll("[^a-z]", "");
    canaries.add(value);
    return value;
  }

  @Test
  void noCanaryReachesTheServer() throws IOException, ConfigException {
    MutableClock clock = MutableClock.at("2026-11-24T15:31:48Z");
    Path config = dir.resolve("mcp_config.json");
    Path dataDir = dir.resolve("data");

    // Every config key, known or not, and every server field.
    Files.writeString(
        config,
        "{\"routing_mode\": \""
            + canary("routingmode")
            + "\", \"data_dir\": \""
            + dataDir
            + "\", \"listen\": \""
            + canary("listen")
            + "\", \"mcpServers\": [{\"name\": \""
            + canary("servername")
            + "\", \"url\": \"https://"
            + canary("serverhost")
            + ".example.com/mcp\", \"protocol\": \""
            + canary("protocol")
            + "\", \"command\": \""
            + canary("command")
            + "\", \"args\": [\""
            + canary("args")
            + "\"], \"env\": {\""
            + canary("serverenvname")
            + "\": \""
            + canary("serverenvvalue")
            + "\"}, \"headers\": {\"Authorization\": \"Bearer "
            + canary("bearer")
            + "\"}, \"oauth\": {\"client_id\": \""
            + canary("oauth")
            + "\"}}], \"features\": {\""
            + canary("featurekey")
            + "\": true}, \"telemetry\": {\"last_reported_version\": \"v1.2.3-"
            + canary("lastversion")
            + "\", \"last_startup_outcome\": \""
            + canary("outcome")
            + "\", \"anonymous_id\": \""
            + canary("anonymousid")
            + "\", \"anonymous_id_created_at\": \""
            + canary("createdat")
            + "\", \""
            + canary("telemetrykey")
            + "\": \""
            + canary("telemetryvalue")
            + "\"}}");

    // Counters an earlier run left on disk, with keys no vocabulary declares.
    try (TelemetryDatabase db = TelemetryDatabase.open(dataDir, clock)) {
      db.counterOutbox()
          .add(
              "{\"surface_requests\":{\""
                  + canary("surface")
                  + "\":1},\"builtin_tool_calls\":{\""
                  + canary("tool")
                  + "\":2},\"rest_endpoint_calls\":{\"GET /api/"
                  + canary("restoredroute")
                  + "\":{\"2xx\":1},\""
                  + canary("restoredmethod")
                  + " /api/v1/servers\":{\"2xx\":1}},\"error_category_counts\":{\""
                  + canary("error")
                  + "\":1},\"doctor_checks\":{\""
                  + canary("restoredcheck")
                  + "\":{\"pass\":1,\"fail\":0}}}",
              (a, b) -> b);
    }

    // The process as the host describes it.
    Map<String, String> env = new LinkedHashMap<>();
    env.put("GITHUB_TOKEN", canary("githubtoken"));
    env.put("MCPPROXY_LAUNCHED_BY", canary("launchedby"));
    env.put("container", canary("container"));
    env.put("GITLAB_TOKEN", canary("gitlabtoken"));
    env.put("OPENAI_API_KEY", canary("openaikey"));
    env.put("ANTHROPIC_API_KEY", canary("anthropickey"));
    env.put("GOOGLE_API_KEY", canary("googlekey"));
    env.put("CODESPACES", canary("codespaces"));
    env.put("DISPLAY", canary("display"));
    env.put("DO_NOT_TRACK", "0");
    env.put(canary("envname"), canary("envvalue"));
    ProcessEnvironment process =
        ProcessEnvironment.builder()
            .env(env)
            .goOs(canary("goos"))
            .goArch(canary("goarch"))
            .runtimeVersion("java17-" + canary("runtime"))
            .hostname(canary("hostname"))
            .homeDirectory(dir.resolve(canary("home")))
            .build();
    String routingFromStats = canary("statsrouting");
    RuntimeStats stats =
        new RuntimeStats() {
          @Override
          public int serverCount() {
            return 1;
          }

          @Override
          public int connectedServerCount() {
            return 1;
          }

          @Override
          public int toolCount() {
            return 1;
          }

          @Override
          public String routingMode() {
            return routingFromStats;
          }

          @Override
          public boolean quarantineEnabled() {
            return true;
          }

          @Override
          public boolean dockerAvailable() {
            return true;
          }

          @Override
          public int dockerIsolatedServerCount() {
            return 0;
          }
        };

    Path sidecar = dir.resolve("tray-autostart.json");
    Files.writeString(
        sidecar, "{\"enabled\": true, \"updated_at\": \"" + canary("sidecar") + "\"}");

    try (RecordingServer server = RecordingServer.start();
        TelemetryService telemetry =
            TelemetryService.builder()
                .config(config)
                .version("1.2.3-" + canary("prerelease"))
                .dataDir(dataDir)
                .processEnvironment(process)
                .clock(clock)
                .endpoint(server.endpoint())
                .requestTimeout(Duration.ofSeconds(5))
                .initialDelay(Duration.ofHours(1))
                .runtimeStats(stats)
                .autostartReader(new AutostartReader(sidecar, "darwin", clock))
                .restRoutes("/api/v1/servers", "/api/v1/servers/{name}")
                .doctorChecks("docker_daemon")
                .mcpClients("acme-ide")
                .build()) {
      // Every record method, with host-controlled strings.
      telemetry.registry().recordBuiltinTool(canary("builtinname"));
      telemetry.registry().recordRestRequest(canary("method"), "/api/v1/servers", "2xx");
      telemetry.registry().recordRestRequest("GET", "/api/v1/servers/" + canary("rawpath"), "2xx");
      telemetry.registry().recordRestRequest("GET", "/api/v1/servers", canary("status"));
      telemetry
          .registry()
          .recordDoctorRun(
              List.of(
                  DoctorCheckResult.of(canary("checkname"), true),
                  DoctorCheckResult.of("docker_daemon", false)));
      telemetry.activationStore().recordMcpClient(canary("clientname"));
      telemetry.activationStore().recordMcpClient("ghp_" + canary("clienttoken") + "0123456789");
      telemetry.activationStore().recordMcpClient(canary("clientfqdn") + ".corp.example.com");
      telemetry.activationStore().recordMcpClient("cursor-vscode");
      telemetry
          .activationStore()
          .save(
              new ActivationState(
                  true,
                  true,
                  true,
                  List.of("cursor-vscode", canary("savedclient"), "zed"),
                  3,
                  "0",
                  0));

      SendResult result = telemetry.sendNow();
      clock.advance(Duration.ofDays(1));
      SendResult second = telemetry.sendNow();

      assertThat(result.status()).isEqualTo(SendResult.Status.ACCEPTED);
      assertThat(second.status()).isEqualTo(SendResult.Status.ACCEPTED);
      List<String> wire = new ArrayList<>();
      for (Recorded request : server.requests()) {
        wire.add(
            (request.bodyText() + request.headers() + request.path()).toLowerCase(Locale.ROOT));
      }
      List<String> arrived =
          canaries.stream().filter(c -> wire.stream().anyMatch(w -> w.contains(c))).toList();
      System.out.printf(
          "Canaries reaching the server: %d of %d%n", arrived.size(), canaries.size());
      assertThat(arrived).isEmpty();
      assertThat(canaries).hasSizeGreaterThanOrEqualTo(50);
      assertThat(wire.get(0)).contains("\"cursor\"").contains("\"docker_daemon\"");
    }
  }
}
