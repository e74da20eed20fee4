package app.mcpproxy.telemetry.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import app.mcpproxy.telemetry.config.ConfigException;
import app.mcpproxy.telemetry.service.SendResult;
import app.mcpproxy.telemetry.service.TelemetryService;
import app.mcpproxy.telemetry.testing.RecordingServer;
import app.mcpproxy.telemetry.testing.ServiceFixture;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A telemetry service that sends to a loopback server, and what the heartbeat it sent holds. */
final class Heartbeats {
  static final String VERSION = "1.4.2";

  private Heartbeats() {}

  /**
   * A service with telemetry on whatever the real environment says (so CI's {@code CI=true} does
   * not switch it off), storing under {@code dir} and sending to {@code endpoint}.
   */
  static TelemetryService service(Path dir, URI endpoint) {
    try {
      return ServiceFixture.builder(dir, endpoint)
          .version(VERSION)
          .requestTimeout(Duration.ofSeconds(10))
          .build();
    } catch (ConfigException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Sends one heartbeat now and checks it was accepted. */
  static void sendOne(TelemetryService service) {
    SendResult result = service.sendNow();
    assertThat(result.accepted()).as("heartbeat accepted: %s", result).isTrue();
  }

  /** The one heartbeat the server received, as text. */
  static String onlyHeartbeat(RecordingServer server) {
    List<RecordingServer.Recorded> heartbeats =
        server.requests().stream().filter(r -> r.path().endsWith("/heartbeat")).toList();
    assertThat(heartbeats).hasSize(1);
    return heartbeats.get(0).bodyText();
  }

  static JsonNode parse(String json) {
    try {
      return new ObjectMapper().readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Checks a heartbeat holds exactly what two clients running {@link ClientScript} cause, and none
   * of the tools', server's, arguments', results' or messages' text.
   *
   * @param json the heartbeat
   * @param mcpRequests the requests counted on the MCP endpoint
   * @param clients the client names the heartbeat lists
   */
  static void assertHoldsScriptCounts(String json, long mcpRequests, String... clients) {
    JsonNode payload = parse(json);
    int runs = 2;
    assertThat(payload.path("surface_requests").path("mcp").asLong()).isEqualTo(mcpRequests);
    assertThat(payload.path("surface_requests").path("cli").asLong()).isZero();
    assertThat(fieldNames(payload.path("builtin_tool_calls"))).containsExactly("retrieve_tools");
    assertThat(payload.path("builtin_tool_calls").path("retrieve_tools").asLong())
        .isEqualTo((long) runs * ClientScript.SEARCHES);
    // READS + DEPLOYS per client, 8 in all: on the wire only as a bucket.
    assertThat(payload.path("upstream_tool_call_count_bucket").asText()).isEqualTo("1-10");
    assertThat(fieldNames(payload.path("error_category_counts")))
        .containsExactly("tool_quarantine_blocked");
    assertThat(payload.path("error_category_counts").path("tool_quarantine_blocked").asLong())
        .isEqualTo((long) runs * ClientScript.DEPLOYS);
    JsonNode activation = payload.path("activation");
    assertThat(activation.path("first_mcp_client_ever").asBoolean()).isTrue();
    assertThat(activation.path("first_retrieve_tools_call_ever").asBoolean()).isTrue();
    assertThat(activation.path("retrieve_tools_calls_24h").asLong())
        .isEqualTo((long) runs * ClientScript.SEARCHES);
    List<String> seen = new java.util.ArrayList<>();
    activation.path("mcp_clients_seen_ever").forEach(n -> seen.add(n.asText()));
    assertThat(seen).containsExactlyInAnyOrder(clients);
    assertThat(json)
        .doesNotContain(DemoTools.SEARCH)
        .doesNotContain(DemoTools.READ)
        .doesNotContain(DemoTools.DEPLOY)
        .doesNotContain(DemoTools.SERVER_NAME)
        .doesNotContain(DemoTools.SECRET_ARGUMENT)
        .doesNotContain("secret-plan")
        .doesNotContain(DemoTools.SECRET_RESULT)
        .doesNotContain(DemoTools.SECRET_MESSAGE);
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
