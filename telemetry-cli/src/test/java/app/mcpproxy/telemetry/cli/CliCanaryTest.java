package app.mcpproxy.telemetry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import app.mcpproxy.telemetry.testing.RecordingServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Puts a unique canary into everything the CLI's user controls, the environment, the home
 * directory's name and the config file, sends a heartbeat to a loopback server, and checks that
 * none of them arrives.
 */
class CliCanaryTest {
  @TempDir Path dir;

  private final List<String> canaries = new ArrayList<>();

  private String canary(String where) {
    String value = "kanarie" + canaries.size() + "q" + where;
    canaries.add(value);
    return value;
  }

  @Test
  void noCanaryFromTheEnvironmentOrConfigReachesTheServer() throws IOException {
    Path home = Files.createDirectories(dir.resolve(canary("homedir")));
    Path config = home.resolve(".mcpproxy").resolve("mcp_config.json");
    Files.createDirectories(config.getParent());
    Files.writeString(
        config,
        "{\"routing_mode\": \""
            + canary("routingmode")
            + "\", \"mcpServers\": [{\"name\": \""
            + canary("servername")
            + "\", \"url\": \"https://"
            + canary("serverhost")
            + ".example.com/mcp\", \"protocol\": \""
            + canary("protocol")
            + "\"}], \""
            + canary("unknownkey")
            + "\": 1, \"telemetry\": {\"last_reported_version\": \"v9.9.9-"
            + canary("lastversion")
            + "\", \"last_startup_outcome\": \""
            + canary("outcome")
            + "\"}}");
    InProcessCli cli =
        new InProcessCli(home)
            .env("GITHUB_TOKEN", canary("githubtoken"))
            .env("OPENAI_API_KEY", canary("openaikey"))
            .env("MCPPROXY_LAUNCHED_BY", canary("launchedby"))
            .env("MCPPROXY_TELEMETRY", canary("telemetryswitch"))
            .env("container", canary("container"))
            .env("USER", canary("user"))
            .env("HOSTNAME", canary("hostname"))
            .env(canary("envname"), canary("envvalue"));

    try (RecordingServer server = RecordingServer.start()) {
      CliResult result = cli.run("heartbeat", "--endpoint", server.endpoint().toString());

      assertThat(result.exitCode()).as(result.toString()).isZero();
      List<String> wire = new ArrayList<>();
      server.requests().forEach(r -> wire.add((r.path() + r.bodyText()).toLowerCase(Locale.ROOT)));
      assertThat(wire).hasSize(1);
      List<String> arrived =
          canaries.stream().filter(c -> wire.stream().anyMatch(w -> w.contains(c))).toList();
      System.out.printf(
          "CLI canaries reaching the server: %d of %d%n", arrived.size(), canaries.size());
      assertThat(arrived).isEmpty();
    }
  }
}
