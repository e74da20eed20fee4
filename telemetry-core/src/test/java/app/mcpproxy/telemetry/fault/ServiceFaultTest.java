package app.mcpproxy.telemetry.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.mcpproxy.telemetry.model.FeedbackRequest;
import app.mcpproxy.telemetry.model.Surface;
import app.mcpproxy.telemetry.service.FeedbackException;
import app.mcpproxy.telemetry.service.SendResult;
import app.mcpproxy.telemetry.service.TelemetryService;
import app.mcpproxy.telemetry.testing.MutableClock;
import app.mcpproxy.telemetry.testing.RecordingServer;
import app.mcpproxy.telemetry.testing.RecordingServer.Recorded;
import app.mcpproxy.telemetry.testing.RecordingServer.Reply;
import app.mcpproxy.telemetry.testing.ServiceFixture;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Closing during a send, a config file that vanishes or breaks, and clock jumps. */
@Tag("fault")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServiceFaultTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final RecordingServer server = RecordingServer.start();
  private final MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
  private final List<TelemetryService> services = new ArrayList<>();
  private final ExecutorService executor = Executors.newSingleThreadExecutor();

  @AfterEach
  void cleanUp() {
    services.forEach(TelemetryService::close);
    executor.shutdownNow();
    server.close();
  }

  @Test
  void closeDuringASendCountsWhatItCarriedOnceAndPersistsTheRest() throws Exception {
    server.enqueue(Reply.hanging());
    TelemetryService host = service();
    record(host, 600);
    Future<SendResult> sending = executor.submit(host::sendNow);
    assertThat(server.awaitRequests(1, Duration.ofSeconds(10))).isTrue();
    record(host, 100);

    long started = System.nanoTime();
    assertThatCode(host::close).doesNotThrowAnyException();
    long closeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    assertThat(sending.get(10, TimeUnit.SECONDS).accepted()).isFalse();

    TelemetryService next = service();
    assertThat(next.sendNow().accepted()).isTrue();
    assertThat(next.sendNow().accepted()).isTrue();

    List<Recorded> requests = server.requests();
    System.out.printf("close during a send: returned in %d ms%n", closeMillis);
    assertThat(requests.get(1).header("Idempotency-Key"))
        .isEqualTo(requests.get(0).header("Idempotency-Key"));
    assertThat(Delivered.mcp(requests, Set.of(0))).isEqualTo(700);
  }

  @Test
  void aConfigFileDeletedWhileRunningMakesNoNewIdentityAndIsNotRecreated() throws Exception {
    Path config = dir.resolve("mcp_config.json");
    Files.writeString(config, "{\"listen\": \"127.0.0.1:8080\", \"mcpServers\": []}");
    TelemetryService host = service();
    record(host, 10);
    assertThat(host.sendNow().accepted()).isTrue();
    String original = Files.readString(config);
    String id = anonymousId(server.requests().get(0));

    Files.delete(config);
    record(host, 20);
    SendResult whileGone = assertNoThrow(host::sendNow);

    assertThat(whileGone.accepted()).isFalse();
    assertThat(server.requests()).hasSize(1);
    assertThat(config).doesNotExist();

    Files.writeString(config, original);
    assertThat(host.sendNow().accepted()).isTrue();
    assertThat(anonymousId(server.requests().get(1))).isEqualTo(id);
    assertThat(Delivered.mcp(server.requests(), Set.of())).isEqualTo(30);
  }

  @Test
  void anUnreadableConfigFileMakesNoNewIdentityAndIsLeftAsItIs() throws Exception {
    Path config = dir.resolve("mcp_config.json");
    TelemetryService host = service();
    record(host, 10);
    assertThat(host.sendNow().accepted()).isTrue();
    String id = anonymousId(server.requests().get(0));
    String original = Files.readString(config);

    Files.writeString(config, "{\"listen\": \"127.0.0.1:8080\",");
    record(host, 20);
    SendResult whileBroken = assertNoThrow(host::sendNow);

    assertThat(whileBroken.accepted()).isFalse();
    assertThat(server.requests()).hasSize(1);
    assertThat(Files.readString(config)).isEqualTo("{\"listen\": \"127.0.0.1:8080\",");

    Files.writeString(config, original);
    assertThat(host.sendNow().accepted()).isTrue();
    assertThat(anonymousId(server.requests().get(1))).isEqualTo(id);
    assertThat(Delivered.mcp(server.requests(), Set.of())).isEqualTo(30);
  }

  @Test
  void feedbackSlotsStampedBeforeTheClockCameBackDoNotCount() throws Exception {
    TelemetryService host = service();
    clock.advance(Duration.ofDays(2));
    for (int i = 0; i < TelemetryService.FEEDBACK_PER_HOUR; i++) {
      host.submitFeedback(feedback());
    }
    assertThatThrownBy(() -> host.submitFeedback(feedback())).isInstanceOf(FeedbackException.class);

    clock.advance(Duration.ofDays(-2));

    assertThatCode(() -> host.submitFeedback(feedback())).doesNotThrowAnyException();
  }

  @Test
  void clockJumpsLoseAndDoubleCountNoCounter() throws Exception {
    TelemetryService host = service();
    record(host, 100);
    clock.advance(Duration.ofDays(-3));
    assertThat(host.sendNow().accepted()).isTrue();
    record(host, 50);
    clock.advance(Duration.ofDays(30));
    assertThat(host.sendNow().accepted()).isTrue();
    record(host, 25);
    host.close();
    clock.advance(Duration.ofDays(-30));
    assertThat(service().sendNow().accepted()).isTrue();

    assertThat(Delivered.mcp(server.requests(), Set.of())).isEqualTo(175);
  }

  private static SendResult assertNoThrow(java.util.concurrent.Callable<SendResult> call) {
    SendResult[] result = new SendResult[1];
    assertThatCode(() -> result[0] = call.call()).doesNotThrowAnyException();
    return result[0];
  }

  private static String anonymousId(Recorded request) throws Exception {
    return JSON.readTree(request.body()).path("anonymous_id").asText();
  }

  private static FeedbackRequest feedback() {
    return new FeedbackRequest("bug", "The tray icon disappears after sleep.", null, null);
  }

  private static void record(TelemetryService host, int count) {
    for (int i = 0; i < count; i++) {
      host.registry().recordSurface(Surface.MCP);
    }
  }

  private TelemetryService service() throws Exception {
    TelemetryService service =
        ServiceFixture.builder(dir, server.endpoint())
            .clock(clock)
            .requestTimeout(Duration.ofSeconds(3))
            .initialDelay(Duration.ofDays(1))
            .build();
    services.add(service);
    return service;
  }
}
