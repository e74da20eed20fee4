package app.mcpproxy.telemetry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import app.mcpproxy.telemetry.testing.RecordingServer;
import app.mcpproxy.telemetry.testing.RecordingServer.Reply;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FeedbackCommandTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path home;

  private CliResult feedback(RecordingServer server, String... options) {
    List<String> args =
        new ArrayList<>(List.of("feedback", "--endpoint", server.endpoint().toString()));
    args.addAll(List.of(options));
    return new InProcessCli(home).run(args.toArray(String[]::new));
  }

  @Test
  void sendsWithContextAndPrintsTheIssueUrl() throws IOException {
    try (RecordingServer server =
        RecordingServer.start()
            .answer(
                "/feedback",
                Reply.json(201, "{\"success\":true,\"issue_url\":\"https://example.org/i/1\"}"))) {
      CliResult result =
          feedback(
              server,
              "--category",
              "feature",
              "--message",
              "Please add a weekly summary",
              "--email",
              "me@example.org");

      assertThat(result.exitCode()).as(result.toString()).isZero();
      assertThat(result.out()).contains("Feedback sent").contains("https://example.org/i/1");
      JsonNode sent = MAPPER.readTree(server.requests().get(0).bodyText());
      assertThat(server.requests().get(0).path()).isEqualTo("/v1/feedback");
      assertThat(sent.get("category").asText()).isEqualTo("feature");
      assertThat(sent.get("email").asText()).isEqualTo("me@example.org");
      assertThat(sent.at("/context/os").asText()).isEqualTo("linux");
    }
  }

  @Test
  void aSuccessWithoutIssueUrlPrintsNoUrl() {
    try (RecordingServer server =
        RecordingServer.start().answer("/feedback", Reply.json(200, "{\"success\":true}"))) {
      CliResult result = feedback(server, "--category", "other", "--message", "Works well for me");

      assertThat(result.exitCode()).as(result.toString()).isZero();
      assertThat(result.out()).doesNotContain("Issue:");
    }
  }

  @ParameterizedTest
  @CsvSource({
    "praise, A long enough message, praise",
    "bug, too short, 10",
    "bug, '          ', message"
  })
  void invalidInputExitsWithTwoBeforeAnyRequest(String category, String message, String named) {
    try (RecordingServer server = RecordingServer.start()) {
      CliResult result = feedback(server, "--category", category, "--message", message);

      assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
      assertThat(result.err()).contains(named);
      assertThat(server.requests()).isEmpty();
    }
  }

  @Test
  void aMalformedEmailIsInvalid() {
    try (RecordingServer server = RecordingServer.start()) {
      CliResult result =
          feedback(
              server, "--category", "bug", "--message", "Crashes on start", "--email", "me at x");

      assertThat(result.exitCode()).isEqualTo(2);
      assertThat(result.err()).contains("email");
      assertThat(server.requests()).isEmpty();
    }
  }

  @Test
  void missingOptionsAreBadUsage() {
    CliResult result = new InProcessCli(home).run("feedback", "--category", "bug");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--message");
  }

  @Test
  void theSixthWithinAnHourIsRefusedWithoutARequest() {
    try (RecordingServer server =
        RecordingServer.start().answer("/feedback", Reply.json(200, "{\"success\":true}"))) {
      for (int i = 0; i < 5; i++) {
        assertThat(
                feedback(server, "--category", "bug", "--message", "Report number " + i).exitCode())
            .isZero();
      }

      CliResult sixth = feedback(server, "--category", "bug", "--message", "Report number 6");

      assertThat(sixth.exitCode()).isEqualTo(1);
      assertThat(sixth.err()).contains("5 submissions per hour");
      assertThat(server.requests()).hasSize(5);
    }
  }

  @Test
  void anEndpointErrorExitsWithOneNamingTheStatus() {
    try (RecordingServer server =
        RecordingServer.start().answer("/feedback", Reply.json(500, "{\"error\":\"boom\"}"))) {
      CliResult result = feedback(server, "--category", "bug", "--message", "Crashes on start");

      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.err()).contains("500");
    }
  }
}
