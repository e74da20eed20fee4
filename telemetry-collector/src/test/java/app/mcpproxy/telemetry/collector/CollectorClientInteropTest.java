package app.mcpproxy.telemetry.collector;

import static org.assertj.core.api.Assertions.assertThat;

import app.mcpproxy.telemetry.env.ProcessEnvironment;
import app.mcpproxy.telemetry.model.Edition;
import app.mcpproxy.telemetry.model.FeedbackRequest;
import app.mcpproxy.telemetry.model.FeedbackResponse;
import app.mcpproxy.telemetry.model.Surface;
import app.mcpproxy.telemetry.service.ForgetResult;
import app.mcpproxy.telemetry.service.SendResult;
import app.mcpproxy.telemetry.service.TelemetryService;
import app.mcpproxy.telemetry.testing.MutableClock;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The project's own client library against the collector: heartbeat, feedback and forget. */
class CollectorClientInteropTest {
  @TempDir Path collectorData;
  @TempDir Path host;

  private final MutableClock clock = MutableClock.at("2025-03-01T10:00:00Z");
  private Collector collector;
  private TelemetryService service;

  @BeforeEach
  void start() throws Exception {
    collector =
        Collector.builder(
                CollectorOptions.defaults(collectorData)
                    .withListen("127.0.0.1:0")
                    .withRateLimit(RateLimit.unlimited()))
            .clock(clock)
            .build();
    collector.start();
    service =
        TelemetryService.builder()
            .config(host.resolve("mcp_config.json"))
            .dataDir(host.resolve("data"))
            .version("0.25.0")
            .edition(Edition.PERSONAL)
            .endpoint(collector.clientEndpoint())
            .clock(clock)
            .processEnvironment(
                ProcessEnvironment.builder()
                    .env(Map.of())
                    .goOs("linux")
                    .goArch("amd64")
                    .hostname("interop-host")
                    .homeDirectory(host.resolve("home"))
                    .build())
            .build();
  }

  @AfterEach
  void stop() {
    if (service != null) {
      service.close();
    }
    if (collector != null) {
      collector.close();
    }
  }

  @Test
  void storesTheHeartbeatTheServiceSends() throws Exception {
    service.registry().recordSurface(Surface.CLI);
    String anonymousId = service.buildPayload().anonymousId();

    SendResult result = service.sendNow();

    assertThat(result.accepted()).as(result.detail()).isTrue();
    List<StoredHeartbeat> stored = collector.storedHeartbeats(anonymousId);
    assertThat(stored).hasSize(1);
    JsonNode payload = TestHeartbeats.MAPPER.readTree(stored.get(0).payload());
    assertThat(payload.path("version").asText()).isEqualTo("v0.25.0");
    assertThat(payload.path("surface_requests").path("cli").asLong()).isEqualTo(1);
    assertThat(stored.get(0).day()).isEqualTo("2025-03-01");
  }

  @Test
  void storesTheFeedbackTheServiceSubmits() throws Exception {
    FeedbackResponse response =
        service.submitFeedback(
            new FeedbackRequest("feature", "A weekly digest would be nice.", null, null));

    assertThat(response.success()).isTrue();
    List<StoredFeedback> feedback = collector.storedFeedback(5);
    assertThat(feedback).hasSize(1);
    assertThat(feedback.get(0).message()).isEqualTo("A weekly digest would be nice.");
    assertThat(TestHeartbeats.MAPPER.readTree(feedback.get(0).context()).path("version").asText())
        .isEqualTo("v0.25.0");
  }

  @Test
  void erasesTheInstallWhenTheServiceForgetsIt() throws Exception {
    String anonymousId = service.buildPayload().anonymousId();
    assertThat(service.sendNow().accepted()).isTrue();

    ForgetResult forgotten = service.forget();

    assertThat(forgotten.complete()).as(forgotten.toString()).isTrue();
    assertThat(collector.storedHeartbeats(anonymousId)).isEmpty();
  }
}
