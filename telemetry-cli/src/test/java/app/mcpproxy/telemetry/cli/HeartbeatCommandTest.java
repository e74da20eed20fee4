package app.mcpproxy.telemetry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import app.mcpproxy.telemetry.testing.RecordingServer;
import app.mcpproxy.telemetry.testing.RecordingServer.Reply;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeartbeatCommandTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path home;

  private Path config() {
    return home.resolve(".mcpproxy").resolve("mcp_config.json");
  }

  @Test
  void sendsOneHeartbeatAndPrintsTheStatus() throws IOException {
    try (RecordingServer server = RecordingServer.start().answer("/heartbeat", Reply.status(202))) {
      CliResult result =
          new InProcessCli(home).run("heartbeat", "--endpoint", server.endpoint().toString());

      assertThat(result.exitCode()).as(result.toString()).isZero();
      assertThat(result.out()).contains("HTTP 202").contains(server.endpoint().toString());
      assertThat(server.requests())
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.method()).isEqualTo("POST");
                assertThat(r.path()).isEqualTo("/v1/heartbeat");
              });
      JsonNode sent = MAPPER.readTree(server.requests().get(0).bodyText());
      assertThat(sent.get("anonymous_id").asText())
          .isEqualTo(
              MAPPER.readTree(Files.readString(config())).at("/telemetry/anonymous_id").asText());
    }
  }

  @Test
  void theFirstRunNoticeIsPrintedOnce() {
    try (RecordingServer server = RecordingServer.start()) {
      String endpoint = server.endpoint().toString();
      CliResult first = new InProcessCli(home).run("heartbeat", "--endpoint", endpoint);
      CliResult second = new InProcessCli(home).run("heartbeat", "--endpoint", endpoint);

      assertThat(first.err()).contains("telemetry disable");
      assertThat(second.err()).isEmpty();
    }
  }

  @Test
  void usesTheConfigEndpointWithoutTheOption() throws IOException {
    try (RecordingServer server = RecordingServer.start()) {
      Files.createDirectories(config().getParent());
      Files.writeString(config(), "{\"telemetry\": {\"endpoint\": \"" + server.endpoint() + "\"}}");

      CliResult result = new InProcessCli(home).run("heartbeat");

      assertThat(result.exitCode()).as(result.toString()).isZero();
      assertThat(server.requests()).hasSize(1);
    }
  }

  @Test
  void aRefusedHeartbeatExitsWithOneAndSaysWhy() {
    try (RecordingServer server = RecordingServer.start().answer("/heartbeat", Reply.status(500))) {
      CliResult result =
          new InProcessCli(home).run("heartbeat", "--endpoint", server.endpoint().toString());

      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.err()).contains("500");
      assertThat(result.err().lines().filter(l -> l.startsWith("mcpproxy-telemetry: error:")))
          .hasSize(1);
    }
  }

  @Test
  void disabledSaysWhyAndMakesNoNetworkCall() {
    try (RecordingServer server = RecordingServer.start()) {
      CliResult result =
          new InProcessCli(home)
              .env("DO_NOT_TRACK", "1")
              .run("heartbeat", "--endpoint", server.endpoint().toString());

      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.err()).contains("disabled").contains("DO_NOT_TRACK");
      assertThat(result.err()).doesNotContain("telemetry disable");
      assertThat(server.requests()).isEmpty();
    }
  }

  @Test
  void dryRunPrintsThePayloadAndSendsNothing() throws IOException {
    try (RecordingServer server = RecordingServer.start()) {
      CliResult result =
          new InProcessCli(home)
              .run("heartbeat", "--dry-run", "--endpoint", server.endpoint().toString());

      assertThat(result.exitCode()).as(result.toString()).isZero();
      assertThat(MAPPER.readTree(result.out()).get("schema_version").asInt()).isEqualTo(3);
      assertThat(result.err()).contains("not sent");
      assertThat(server.requests()).isEmpty();
    }
  }

  @Test
  void theDebugVariableTurnsTheSendIntoAPrint() throws IOException {
    try (RecordingServer server = RecordingServer.start()) {
      CliResult result =
          new InProcessCli(home)
              .env("MCPPROXY_TELEMETRY_DEBUG", "1")
              .run("heartbeat", "--endpoint", server.endpoint().toString());

      assertThat(result.exitCode()).as(result.toString()).isZero();
      assertThat(MAPPER.readTree(result.out()).has("anonymous_id")).isTrue();
      assertThat(server.requests()).isEmpty();
    }
  }

  @Test
  void aBadEndpointIsBadUsage() {
    CliResult result = new InProcessCli(home).run("heartbeat", "--endpoint", "localhost:8787");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("localhost:8787");
  }
}
