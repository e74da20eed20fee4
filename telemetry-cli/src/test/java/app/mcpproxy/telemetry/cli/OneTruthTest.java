package app.mcpproxy.telemetry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import app.mcpproxy.telemetry.service.TelemetryService;
import app.mcpproxy.telemetry.testing.RecordingServer;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands that describe an install and the library agree on every input. */
class OneTruthTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String ID = "5f0c6f49-0c8f-4f3a-9b49-2f7d0e6a3c11";

  @TempDir Path home;

  private Path writeConfig(String json) throws IOException {
    Path config = home.resolve(".mcpproxy").resolve("mcp_config.json");
    Files.createDirectories(config.getParent());
    Files.writeString(config, json);
    return config;
  }

  @Test
  void aConfigEndpointWithAQueryIsRefusedAlikeByTheLibraryAndEveryCommand() throws Exception {
    String endpoint = "https://telemetry.example/v1?x=1";
    Path config = writeConfig("{\"telemetry\": {\"endpoint\": \"" + endpoint + "\"}}");
    String libraryMessage = "";
    try {
      TelemetryService.builder().config(config).version("v1.0.0").build().close();
    } catch (IllegalArgumentException e) {
      libraryMessage = e.getMessage();
    }
    String refusal = libraryMessage;
    assertThat(refusal).contains(endpoint);

    List<List<String>> commands =
        List.of(
            List.of("status"),
            List.of("status", "--json"),
            List.of("show-payload"),
            List.of("heartbeat", "--dry-run"));
    for (List<String> command : commands) {
      CliResult result = new InProcessCli(home).run(command.toArray(String[]::new));

      assertThat(result.exitCode()).as(command + "\n" + result).isEqualTo(1);
      assertThat(result.out()).as(command + "\n" + result).isEmpty();
      assertThat(result.err().lines()).as(command + "\n" + result).hasSize(1);
      assertThat(result.err()).as(command + "\n" + result).contains(refusal);
    }
    assertThatIllegalArgumentException()
        .isThrownBy(() -> TelemetryService.parseEndpoint(endpoint))
        .withMessageContaining(endpoint);
  }

  @Test
  void statusNamesTheEndpointAHeartbeatGoesToAndTheDryRunIsTheShownPayload() throws Exception {
    try (RecordingServer server = RecordingServer.start()) {
      writeConfig(
          "{\"telemetry\": {\"endpoint\": \" "
              + server.endpoint()
              + " \", \"anonymous_id\": \""
              + ID
              + "\", \"anonymous_id_created_at\": \"2026-11-24T15:31:48Z\"}}");

      CliResult status = new InProcessCli(home).run("status", "--json");
      CliResult shown = new InProcessCli(home).run("show-payload");
      CliResult dryRun = new InProcessCli(home).run("heartbeat", "--dry-run");
      CliResult sent = new InProcessCli(home).run("heartbeat");

      assertThat(status.exitCode()).as(status.toString()).isZero();
      assertThat(MAPPER.readTree(status.out()).get("endpoint").asText())
          .isEqualTo(server.endpoint().toString());
      assertThat(MAPPER.readTree(status.out()).get("anonymous_id").asText()).isEqualTo(ID);
      assertThat(dryRun.exitCode()).as(dryRun.toString()).isZero();
      assertThat(dryRun.out()).isEqualTo(shown.out());
      assertThat(MAPPER.readTree(dryRun.out()).get("anonymous_id").asText()).isEqualTo(ID);
      assertThat(sent.exitCode()).as(sent.toString()).isZero();
      assertThat(server.requests()).hasSize(1);
      assertThat(MAPPER.readTree(server.requests().get(0).bodyText()).get("anonymous_id").asText())
          .isEqualTo(ID);
    }
  }
}
