package app.mcpproxy.telemetry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import app.mcpproxy.telemetry.model.SentHeartbeat;
import app.mcpproxy.telemetry.store.TelemetryDatabase;
import app.mcpproxy.telemetry.testing.RecordingServer;
import app.mcpproxy.telemetry.testing.RecordingServer.Reply;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForgetCommandTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String ID = "6f1c1bde-5b8e-4c47-9d8e-3f6f3f1f2a11";

  @TempDir Path home;

  private Path config() {
    return home.resolve(".mcpproxy").resolve("mcp_config.json");
  }

  private String currentId() throws IOException {
    return MAPPER.readTree(Files.readString(config())).at("/telemetry/anonymous_id").asText();
  }

  @BeforeEach
  void anInstallThatHasSentOnce() throws IOException {
    Files.createDirectories(config().getParent());
    Files.writeString(
        config(),
        "{\"telemetry\": {\"anonymous_id\": \""
            + ID
            + "\", \"anonymous_id_created_at\": \"2026-11-01T00:00:00Z\"}, \"keep\": 1}");
    try (TelemetryDatabase database =
        TelemetryDatabase.open(config().getParent(), Clock.systemUTC())) {
      database.heartbeatLog().append(new SentHeartbeat(Instant.now(), 202, null, "{}"));
    }
  }

  @Test
  void erasesRemotelyThenRotatesTheIdAndClearsTheLog() throws IOException {
    try (RecordingServer server =
        RecordingServer.start().answer("/installs/" + ID, Reply.status(204))) {
      CliResult result =
          new InProcessCli(home).run("forget", "--endpoint", server.endpoint().toString());

      assertThat(result.exitCode()).as(result.toString()).isZero();
      assertThat(server.requests())
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.method()).isEqualTo("DELETE");
                assertThat(r.path()).isEqualTo("/v1/installs/" + ID);
              });
      assertThat(result.out().lines())
          .hasSize(3)
          .allSatisfy(line -> assertThat(line).contains("done - "));
      assertThat(currentId()).isNotEqualTo(ID).hasSize(36);
      assertThat(new InProcessCli(home).run("log").out()).contains("No heartbeat");
      assertThat(MAPPER.readTree(Files.readString(config())).get("keep").asInt()).isEqualTo(1);
    }
  }

  @Test
  void whenTheEndpointDoesNotConfirmNothingLocalChanges() throws IOException {
    try (RecordingServer server =
        RecordingServer.start().answer("/installs/" + ID, Reply.status(500))) {
      CliResult result =
          new InProcessCli(home).run("forget", "--endpoint", server.endpoint().toString());

      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.out()).contains("NOT done").contains("500");
      assertThat(result.err()).contains("retry");
      assertThat(currentId()).isEqualTo(ID);
      assertThat(new InProcessCli(home).run("log").out()).contains("HTTP 202");
    }
  }
}
