package app.mcpproxy.telemetry.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import app.mcpproxy.telemetry.model.BuiltinTool;
import app.mcpproxy.telemetry.model.Edition;
import app.mcpproxy.telemetry.model.ErrorCategory;
import app.mcpproxy.telemetry.model.FeedbackRequest;
import app.mcpproxy.telemetry.model.FeedbackResponse;
import app.mcpproxy.telemetry.model.Surface;
import app.mcpproxy.telemetry.service.ForgetResult;
import app.mcpproxy.telemetry.service.SendResult;
import app.mcpproxy.telemetry.service.TelemetryService;
import app.mcpproxy.telemetry.testing.MutableClock;
import app.mcpproxy.telemetry.testing.ServiceFixture;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The project's own client library against the collector: heartbeat, feedback and forget. */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.Kind.class)
class CollectorClientInteropTest {
  @Parameter TestDatabase.Kind kind;

  @TempDir Path collectorData;
  @TempDir Path host;

  private final MutableClock clock = MutableClock.at("2025-03-01T10:00:00Z");
  private TestDatabase database;
  private Collector collector;
  private LosingProxy proxy;
  private TelemetryService service;

  @BeforeEach
  void start() throws Exception {
    assumeTrue(kind.available(), kind.skipReason());
    database = TestDatabase.create(kind, collectorData);
    collector =
        Collector.builder(
                CollectorOptions.defaults(collectorData)
                    .withListen("127.0.0.1:0")
                    .withJdbcUrl(database.jdbcUrl())
                    .withRateLimit(RateLimit.unlimited()))
            .clock(clock)
            .build();
    collector.start();
    proxy = new LosingProxy(collector.clientEndpoint().resolve("/"));
    service =
        ServiceFixture.builder(host, proxy.clientEndpoint())
            .version("0.25.0")
            .edition(Edition.PERSONAL)
            .clock(clock)
            .processEnvironment(
                ServiceFixture.process(host.resolve("home")).hostname("interop-host").build())
            .build();
  }

  @AfterEach
  void stop() throws SQLException {
    if (service != null) {
      service.close();
    }
    if (proxy != null) {
      proxy.close();
    }
    if (collector != null) {
      collector.close();
    }
    if (database != null) {
      database.close();
    }
  }

  @Test
  void holdsTheSumOfTwoAcceptedSendsOfOneDay() throws Exception {
    String anonymousId = service.buildPayload().anonymousId();
    record(60);
    assertThat(service.sendNow().accepted()).isTrue();
    clock.advance(Duration.ofHours(6));
    record(90);

    SendResult second = service.sendNow();

    assertThat(second.accepted()).as(second.detail()).isTrue();
    JsonNode day = onlyDay(anonymousId);
    assertThat(day.path("surface_requests").path("cli").asLong()).isEqualTo(150);
    assertThat(day.path("builtin_tool_calls").path("retrieve_tools").asLong()).isEqualTo(150);
    assertThat(day.path("error_category_counts").path("docker_pull_failed").asLong())
        .isEqualTo(150);
    assertThat(totalOf("surfaces", "cli")).isEqualTo(150);
  }

  @Test
  void aRetryAfterALostAnswerIsNotAddedTwice() throws Exception {
    String anonymousId = service.buildPayload().anonymousId();
    record(60);
    proxy.loseNextHeartbeatAnswers(1);
    SendResult lost = service.sendNow();
    assertThat(lost.accepted()).isFalse();
    assertThat(onlyDay(anonymousId).path("surface_requests").path("cli").asLong()).isEqualTo(60);
    assumeTrue(
        !proxy.idempotencyKeys().get(0).isEmpty(),
        "the client library sends no Idempotency-Key yet; the collector's side is tested in"
            + " CollectorTest");

    SendResult retried = service.sendNow();

    assertThat(retried.accepted()).as(retried.detail()).isTrue();
    assertThat(proxy.idempotencyKeys()).hasSize(2);
    assertThat(proxy.idempotencyKeys().get(1)).isEqualTo(proxy.idempotencyKeys().get(0));
    assertThat(onlyDay(anonymousId).path("surface_requests").path("cli").asLong()).isEqualTo(60);
  }

  private void record(int increments) {
    for (int i = 0; i < increments; i++) {
      service.registry().recordSurface(Surface.CLI);
      service.registry().recordBuiltinTool(BuiltinTool.RETRIEVE_TOOLS);
      service.registry().recordError(ErrorCategory.DOCKER_PULL_FAILED);
    }
  }

  private JsonNode onlyDay(String anonymousId) throws Exception {
    List<StoredHeartbeat> stored = collector.storedHeartbeats(anonymousId);
    assertThat(stored).hasSize(1);
    return TestHeartbeats.MAPPER.readTree(stored.get(0).payload());
  }

  /** The summed counter over the collector's default range, as GET /v1/stats shows it. */
  private long totalOf(String section, String key) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(collector.baseUri().resolve("v1/stats")).build(),
                BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    long total = 0;
    for (JsonNode entry : TestHeartbeats.MAPPER.readTree(response.body()).path(section)) {
      total += entry.path("total").asLong();
    }
    return total;
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
