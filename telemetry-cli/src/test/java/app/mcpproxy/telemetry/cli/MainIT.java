package app.mcpproxy.telemetry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import app.mcpproxy.telemetry.testing.HeartbeatSchemas;
import app.mcpproxy.telemetry.testing.RecordingServer;
import app.mcpproxy.telemetry.testing.RecordingServer.Reply;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the packaged jar as a separate process, the way a person runs the tool. */
class MainIT {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path home;

  private JarRunner cli;

  @BeforeEach
  void setUp() {
    cli = new JarRunner(home);
  }

  private Path configFile() {
    return home.resolve(".mcpproxy").resolve("mcp_config.json");
  }

  private void writeConfig(String json) throws IOException {
    Files.createDirectories(configFile().getParent());
    Files.writeString(configFile(), json, StandardCharsets.UTF_8);
  }

  private static JsonNode json(String text) throws IOException {
    return MAPPER.readTree(text);
  }

  private List<Path> filesUnderHome() throws IOException {
    try (Stream<Path> files = Files.walk(home)) {
      return files.filter(Files::isRegularFile).toList();
    }
  }

  @Nested
  class Status {
    @Test
    void freshHomeIsEnabledByDefaultAndNothingIsCreated() throws IOException {
      CliResult result = cli.run("status");

      assertThat(result.exitCode()).as(result.toString()).isZero();
      assertThat(result.out()).contains("Telemetry is ENABLED").contains("decided by: default");
      assertThat(result.out())
          .contains("DO_NOT_TRACK")
          .contains("CI")
          .contains("MCPPROXY_TELEMETRY");
      assertThat(result.err()).isEmpty();
      assertThat(filesUnderHome()).isEmpty();
    }

    @Test
    void jsonNamesTheEnvironmentVariableThatDecides() throws IOException {
      CliResult result = cli.env("DO_NOT_TRACK", "1").run("status", "--json");

      assertThat(result.exitCode()).as(result.toString()).isZero();
      JsonNode status = json(result.out());
      assertThat(status.get("enabled").asBoolean()).isFalse();
      assertThat(status.get("env_override").asBoolean()).isTrue();
      assertThat(status.get("env_override_name").asText()).isEqualTo("DO_NOT_TRACK");
      assertThat(status.get("decided_by").asText()).isEqualTo("DO_NOT_TRACK");
      assertThat(status.has("anonymous_id")).isFalse();
      assertThat(status.has("activation")).isFalse();
    }
  }

  @Nested
  class EnableDisable {
    private static final String CONFIG =
        """
        {
          "listen": "127.0.0.1:8080",
          "data_dir": "%s",
          "mcpServers": [
            {"name": "github", "url": "https://api.githubcopilot.com/mcp/", "protocol": "http",
             "oauth": {"client_id": "abc", "scopes": ["repo"]}, "enabled": true},
            {"name": "local", "command": "npx", "args": ["-y", "@scope/server"], "env": {"K": "v"}}
          ],
          "routing_mode": "retrieve_tools",
          "x_future_key": {"nested": [1, 2.5, null, true, "ü ✓"], "empty": {}},
          "telemetry": {"enabled": true, "x_unknown_telemetry_key": 42},
          "tls": {"enabled": false, "certs_dir": ""}
        }
        """;

    @Test
    void roundTripChangesOnlyTelemetryEnabled() throws IOException {
      Path dataDir = home.resolve("data");
      writeConfig(CONFIG.formatted(dataDir));
      JsonNode original = json(Files.readString(configFile()));

      CliResult disabled = cli.run("disable");
      JsonNode afterDisable = json(Files.readString(configFile()));
      CliResult status = cli.run("status", "--json");
      CliResult enabled = cli.run("enable");
      JsonNode afterEnable = json(Files.readString(configFile()));

      assertThat(disabled.exitCode()).as(disabled.toString()).isZero();
      assertThat(afterDisable.at("/telemetry/enabled").asBoolean()).isFalse();
      assertThat(json(status.out()).get("decided_by").asText()).isEqualTo("config");
      assertThat(json(status.out()).get("enabled").asBoolean()).isFalse();
      assertThat(enabled.exitCode()).as(enabled.toString()).isZero();
      assertThat(afterEnable).isEqualTo(original);
      ObjectNode expectedDisabled = original.deepCopy();
      ((ObjectNode) expectedDisabled.get("telemetry")).put("enabled", false);
      assertThat(afterDisable).isEqualTo(expectedDisabled);
    }

    @Test
    void disableCreatesAPrivateConfigWhenMissing() throws IOException {
      CliResult result = cli.run("disable");

      assertThat(result.exitCode()).as(result.toString()).isZero();
      assertThat(json(Files.readString(configFile())).at("/telemetry/enabled").asBoolean())
          .isFalse();
      assertThat(Files.getPosixFilePermissions(configFile()))
          .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
    }

    @Test
    void enableWarnsWhenAnEnvironmentVariableStillDisables() {
      CliResult result = cli.env("CI", "true").run("enable");

      assertThat(result.exitCode()).isZero();
      assertThat(result.err()).contains("warning").contains("CI");
    }
  }

  @Nested
  class ShowPayload {
    @Test
    void matchesUpstreamSchemaAndTakesHostFiguresFromTheConfig() throws IOException {
      writeConfig(
          """
          {"routing_mode": "direct",
           "mcpServers": [{"name": "a", "url": "https://x.example/mcp"},
                          {"name": "b", "command": "uvx"},
                          {"name": "c", "url": "https://y.example/sse", "protocol": "sse"}]}
          """);
      List<Path> before = filesUnderHome();

      CliResult result = cli.run("show-payload");

      assertThat(result.exitCode()).as(result.toString()).isZero();
      JsonNode payload = json(result.out());
      assertThat(payload.get("schema_version").asInt()).isEqualTo(3);
      assertThat(payload.get("server_count").asInt()).isEqualTo(3);
      assertThat(payload.get("routing_mode").asText()).isEqualTo("direct");
      assertThat(
              HeartbeatSchemas.validate(
                  HeartbeatSchemas.relaxRequired(HeartbeatSchemas.adjustedV2()), payload))
          .isEmpty();
      assertThat(filesUnderHome()).isEqualTo(before);
    }

    @Test
    void worksWhenTelemetryIsDisabledAndStillChangesNothing() throws IOException {
      CliResult result = cli.env("DO_NOT_TRACK", "1").run("show-payload");

      assertThat(result.exitCode()).as(result.toString()).isZero();
      assertThat(json(result.out()).get("routing_mode").asText()).isEqualTo("retrieve_tools");
      assertThat(filesUnderHome()).isEmpty();
    }
  }

  @Nested
  class Heartbeat {
    @Test
    void sendsToALoopbackEndpointAndPrintsTheStatus() throws IOException {
      try (RecordingServer server =
          RecordingServer.start().answer("/heartbeat", Reply.status(202))) {
        CliResult first = cli.run("heartbeat", "--endpoint", server.endpoint().toString());
        CliResult second = cli.run("heartbeat", "--endpoint", server.endpoint().toString());

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out()).contains("HTTP 202");
        assertThat(first.err()).contains("telemetry disable");
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.err()).doesNotContain("telemetry disable");
        assertThat(server.requests()).hasSize(2);
        RecordingServer.Recorded request = server.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/v1/heartbeat");
        assertThat(request.header("Content-Type")).startsWith("application/json");
        String id = json(Files.readString(configFile())).at("/telemetry/anonymous_id").asText();
        assertThat(json(request.bodyText()).get("anonymous_id").asText()).isEqualTo(id);
      }
    }

    @Test
    void aServerErrorExitsWithOne() {
      try (RecordingServer server =
          RecordingServer.start().answer("/heartbeat", Reply.status(503))) {
        CliResult result = cli.run("heartbeat", "--endpoint", server.endpoint().toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.err()).contains("503");
      }
    }

    @Test
    void disabledMakesNoNetworkCall() {
      try (RecordingServer server = RecordingServer.start()) {
        CliResult result =
            cli.env("MCPPROXY_TELEMETRY", "false")
                .run("heartbeat", "--endpoint", server.endpoint().toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("MCPPROXY_TELEMETRY=false");
        assertThat(server.requests()).isEmpty();
      }
    }

    @Test
    void debugVariablePrintsInsteadOfSending() throws IOException {
      try (RecordingServer server = RecordingServer.start()) {
        CliResult result =
            cli.env("MCPPROXY_TELEMETRY_DEBUG", "1")
                .run("heartbeat", "--endpoint", server.endpoint().toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(json(result.out()).get("schema_version").asInt()).isEqualTo(3);
        assertThat(server.requests()).isEmpty();
      }
    }
  }

  @Nested
  class Feedback {
    @Test
    void sendsAndPrintsTheIssueUrl() throws IOException {
      try (RecordingServer server =
          RecordingServer.start()
              .answer(
                  "/feedback",
                  Reply.json(
                      200,
                      "{\"success\": true, \"issue_url\": \"https://example.org/issues/7\"}"))) {
        CliResult result =
            cli.run(
                "feedback",
                "--category",
                "bug",
                "--message",
                "The status command is lovely",
                "--endpoint",
                server.endpoint().toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("https://example.org/issues/7");
        assertThat(server.requests()).hasSize(1);
        JsonNode sent = json(server.requests().get(0).bodyText());
        assertThat(sent.get("category").asText()).isEqualTo("bug");
        assertThat(sent.get("message").asText()).isEqualTo("The status command is lovely");
        assertThat(sent.at("/context/routing_mode").asText()).isEqualTo("retrieve_tools");
      }
    }

    @Test
    void invalidInputExitsWithTwoAndSendsNothing() {
      try (RecordingServer server = RecordingServer.start()) {
        CliResult badCategory =
            cli.run(
                "feedback",
                "--category",
                "praise",
                "--message",
                "long enough message",
                "--endpoint",
                server.endpoint().toString());
        CliResult shortMessage =
            cli.run(
                "feedback",
                "--category",
                "bug",
                "--message",
                "short",
                "--endpoint",
                server.endpoint().toString());

        assertThat(badCategory.exitCode()).isEqualTo(2);
        assertThat(badCategory.err()).contains("praise");
        assertThat(shortMessage.exitCode()).isEqualTo(2);
        assertThat(server.requests()).isEmpty();
      }
    }
  }

  @Nested
  class CorruptConfig {
    @Test
    void everyCommandThatReadsItFailsNamingFileAndPositionAndNeverRewritesIt() throws IOException {
      String corrupt = "{\n  \"telemetry\": {\"enabled\": true,,}\n}\n";
      writeConfig(corrupt);
      List<String[]> commands = new ArrayList<>();
      commands.add(new String[] {"status"});
      commands.add(new String[] {"status", "--json"});
      commands.add(new String[] {"enable"});
      commands.add(new String[] {"disable"});
      commands.add(new String[] {"show-payload"});
      commands.add(new String[] {"heartbeat", "--dry-run"});
      commands.add(new String[] {"heartbeat", "--endpoint", "http://127.0.0.1:9/v1"});
      commands.add(
          new String[] {"feedback", "--category", "bug", "--message", "A message long enough"});
      commands.add(new String[] {"log"});
      commands.add(new String[] {"forget"});

      for (String[] command : commands) {
        CliResult result = cli.run(command);

        assertThat(result.exitCode()).as(String.join(" ", command) + "\n" + result).isEqualTo(1);
        assertThat(result.err().lines()).hasSize(1);
        assertThat(result.err()).contains(configFile().toString()).contains("line 2");
        assertThat(Files.readString(configFile())).isEqualTo(corrupt);
      }
    }
  }

  @Nested
  class Log {
    @Test
    void showsWhatWasSentNewestFirst() throws IOException {
      try (RecordingServer server =
          RecordingServer.start().answer("/heartbeat", Reply.status(202))) {
        cli.run("heartbeat", "--endpoint", server.endpoint().toString());
      }

      CliResult text = cli.run("log");
      CliResult json = cli.run("log", "--json", "-n", "5");

      assertThat(text.exitCode()).as(text.toString()).isZero();
      assertThat(text.out()).contains("HTTP 202");
      JsonNode entries = json(json.out());
      assertThat(entries).hasSize(1);
      assertThat(entries.get(0).get("http_status").asInt()).isEqualTo(202);
      assertThat(entries.get(0).at("/payload/schema_version").asInt()).isEqualTo(3);
    }
  }

  @Nested
  class Demo {
    @Test
    void runsEndToEndOnLoopbackAndExits() {
      CliResult result = cli.env("CI", "true").run("demo", "--exit");

      assertThat(result.exitCode()).as(result.toString()).isZero();
      assertThat(result.out())
          .contains("Heartbeat sent from the client library")
          .contains("Feedback sent: accepted")
          .contains("\"installs\" : 1")
          .contains("Dashboard: http://127.0.0.1:");
    }
  }
}
