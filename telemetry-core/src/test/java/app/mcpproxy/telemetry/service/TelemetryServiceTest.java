package app.mcpproxy.telemetry.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import app.mcpproxy.telemetry.config.ConfigException;
import app.mcpproxy.telemetry.counters.RegistrySnapshot;
import app.mcpproxy.telemetry.env.AutostartReader;
import app.mcpproxy.telemetry.env.ProcessEnvironment;
import app.mcpproxy.telemetry.feedback.InvalidFeedbackException;
import app.mcpproxy.telemetry.model.BuiltinTool;
import app.mcpproxy.telemetry.model.DoctorCheckResult;
import app.mcpproxy.telemetry.model.Edition;
import app.mcpproxy.telemetry.model.EnvDisabledReason;
import app.mcpproxy.telemetry.model.ErrorCategory;
import app.mcpproxy.telemetry.model.FeedbackRequest;
import app.mcpproxy.telemetry.model.FeedbackResponse;
import app.mcpproxy.telemetry.model.HeartbeatPayload;
import app.mcpproxy.telemetry.model.LaunchSource;
import app.mcpproxy.telemetry.model.RuntimeStats;
import app.mcpproxy.telemetry.model.SentHeartbeat;
import app.mcpproxy.telemetry.model.Surface;
import app.mcpproxy.telemetry.payload.PayloadWriter;
import app.mcpproxy.telemetry.store.TelemetryDatabase;
import app.mcpproxy.telemetry.testing.Concurrently;
import app.mcpproxy.telemetry.testing.HeartbeatSchemas;
import app.mcpproxy.telemetry.testing.ManualScheduledExecutor;
import app.mcpproxy.telemetry.testing.MutableClock;
import app.mcpproxy.telemetry.testing.RecordingServer;
import app.mcpproxy.telemetry.testing.RecordingServer.Recorded;
import app.mcpproxy.telemetry.testing.RecordingServer.Reply;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TelemetryServiceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String VERSION = "v0.25.0";

  /**
   * A jitter source whose {@code nextDouble()} is exactly 0.5, so backoff delays carry no jitter.
   */
  private static final RandomGenerator NO_JITTER = () -> Long.MIN_VALUE;

  @TempDir Path dir;

  private final MutableClock clock = MutableClock.at("2026-11-24T15:31:48Z");
  private final ManualScheduledExecutor scheduler = new ManualScheduledExecutor();
  private final List<TelemetryService> services = new ArrayList<>();
  private RecordingServer server;
  private Path configPath;
  private Path dataDir;

  @BeforeEach
  void setUp() {
    server = RecordingServer.start();
    configPath = dir.resolve("config").resolve("mcp_config.json");
    dataDir = dir.resolve("data");
  }

  @AfterEach
  void tearDown() {
    services.forEach(TelemetryService::close);
    server.close();
  }

  // ---- helpers -----------------------------------------------------------------------------

  /**
   * A process with fixed names, so that no test depends on the name of the machine it runs on (the
   * builder's defaults are the real ones).
   */
  private static ProcessEnvironment.Builder process() {
    return ProcessEnvironment.builder()
        .env(Map.of())
        .goOs("linux")
        .goArch("amd64")
        .hostname("test-host-1")
        .homeDirectory(Path.of("/home/tester"));
  }

  private TelemetryService.Builder builder(ProcessEnvironment process) {
    return TelemetryService.builder()
        .config(configPath)
        .version(VERSION)
        .dataDir(dataDir)
        .processEnvironment(process)
        .clock(clock)
        .scheduler(scheduler)
        .endpoint(server.endpoint())
        .requestTimeout(Duration.ofSeconds(5))
        .random(NO_JITTER);
  }

  private TelemetryService service(TelemetryService.Builder builder) {
    try {
      TelemetryService service = builder.build();
      services.add(service);
      return service;
    } catch (ConfigException e) {
      throw new IllegalStateException(e);
    }
  }

  private TelemetryService service() {
    return service(builder(process().build()));
  }

  private TelemetryService service(ProcessEnvironment process) {
    return service(builder(process));
  }

  private void writeConfig(String json) {
    try {
      Files.createDirectories(configPath.getParent());
      Files.writeString(configPath, json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private JsonNode configOnDisk() {
    try {
      return JSON.readTree(configPath.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode json(byte[] bytes) {
    try {
      return JSON.readTree(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private JsonNode lastHeartbeat() {
    List<Recorded> requests = server.requests();
    assertThat(requests).isNotEmpty();
    Recorded last = requests.get(requests.size() - 1);
    assertThat(last.path()).isEqualTo("/v1/heartbeat");
    return json(last.body());
  }

  private static long surfaceCount(JsonNode payload, Surface surface) {
    JsonNode surfaces = payload.get("surface_requests");
    return surfaces == null ? 0 : surfaces.path(surface.wireName()).asLong();
  }

  private static Set<Path> filesUnder(Path root) {
    if (!Files.exists(root)) {
      return Set.of();
    }
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.collect(Collectors.toSet());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static FeedbackRequest feedback(String category) {
    return new FeedbackRequest(category, "The tray icon disappears after sleep.", null, null);
  }

  // ---- tests -------------------------------------------------------------------------------

  @Nested
  class HeartbeatLoop {
    @Test
    void firstHeartbeatFollowsTheInitialDelayThenTheInterval() {
      TelemetryService telemetry =
          service(builder(process().build()).initialDelay(Duration.ofMinutes(7)));

      telemetry.start();

      assertThat(scheduler.pendingDelays()).singleElement().isEqualTo(Duration.ofMinutes(7));
      assertThat(server.connectionCount()).isZero();
      scheduler.runNext();
      assertThat(server.requests()).hasSize(1);
      assertThat(scheduler.pendingDelays()).singleElement().isEqualTo(Duration.ofHours(24));
    }

    @Test
    void startReturnsAtOnceAndTwiceIsOnce() {
      TelemetryService telemetry = service();

      telemetry.start();
      telemetry.start();

      assertThat(scheduler.scheduledDelays()).containsExactly(Duration.ofMinutes(5));
    }

    @Test
    void acceptedHeartbeatSubtractsWhatWasSentAndPersistsTheVersion() {
      TelemetryService telemetry = service();
      telemetry.registry().recordSurface(Surface.CLI);
      telemetry.registry().recordSurface(Surface.CLI);
      telemetry.registry().recordBuiltinTool(BuiltinTool.RETRIEVE_TOOLS);
      telemetry.start();

      scheduler.runNext();

      JsonNode payload = lastHeartbeat();
      assertThat(surfaceCount(payload, Surface.CLI)).isEqualTo(2);
      assertThat(payload.get("builtin_tool_calls").get("retrieve_tools").asLong()).isEqualTo(1);
      assertThat(payload.get("previous_version").textValue()).isEmpty();
      assertThat(telemetry.unacknowledgedCounters().isEmpty()).isTrue();
      assertThat(configOnDisk().get("telemetry").get("last_reported_version").textValue())
          .isEqualTo(VERSION);

      scheduler.runNext();

      assertThat(lastHeartbeat().get("previous_version").textValue()).isEqualTo(VERSION);
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {500, 502, 400, 301, 307})
    void unacceptedHeartbeatKeepsCountersAndPreviousVersionAndBacksOff(int status) {
      server.replyByDefault(Reply.status(status).withHeader("Location", "http://127.0.0.1:1/"));
      TelemetryService telemetry = service();
      telemetry.registry().recordSurface(Surface.WEBUI);
      telemetry.start();

      scheduler.runNext();
      scheduler.runNext();
      scheduler.runNext();

      assertThat(server.requests()).hasSize(3);
      assertThat(telemetry.unacknowledgedCounters().surfaceRequests().get("webui")).isEqualTo(1);
      assertThat(configOnDisk().get("telemetry").has("last_reported_version")).isFalse();
      assertThat(lastHeartbeat().get("previous_version").textValue()).isEmpty();
      assertThat(scheduler.scheduledDelays())
          .containsExactly(
              Duration.ofMinutes(5),
              Duration.ofMinutes(1),
              Duration.ofMinutes(2),
              Duration.ofMinutes(4));
    }

    @Test
    void successAfterFailuresResetsTheBackoff() {
      server.enqueue(Reply.status(503), Reply.status(503));
      TelemetryService telemetry = service();
      telemetry.start();

      scheduler.runNext();
      scheduler.runNext();
      scheduler.runNext();
      server.enqueue(Reply.status(500));
      scheduler.runNext();

      assertThat(scheduler.scheduledDelays())
          .containsExactly(
              Duration.ofMinutes(5),
              Duration.ofMinutes(1),
              Duration.ofMinutes(2),
              Duration.ofHours(24),
              Duration.ofMinutes(1));
    }

    @Test
    void timeoutKeepsCountersAndRetries() {
      server.enqueue(Reply.hanging());
      TelemetryService telemetry =
          service(builder(process().build()).requestTimeout(Duration.ofMillis(300)));
      telemetry.registry().recordUpstreamTool();
      telemetry.start();

      scheduler.runNext();

      assertThat(telemetry.unacknowledgedCounters().upstreamToolCalls()).isEqualTo(1);
      assertThat(scheduler.pendingDelays()).singleElement().isEqualTo(Duration.ofMinutes(1));
      SentHeartbeat logged = telemetry.sentHeartbeats(1).get(0);
      assertThat(logged.httpStatus()).isZero();
      assertThat(logged.error()).isEqualTo("timeout");
    }

    @Test
    void refusedConnectionKeepsCountersAndRetries() {
      TelemetryService telemetry =
          service(builder(process().build()).endpoint(RecordingServer.refusingEndpoint()));
      telemetry.registry().recordError(ErrorCategory.DOCKER_RUN_FAILED);
      telemetry.start();

      scheduler.runNext();

      assertThat(telemetry.unacknowledgedCounters().errorCategoryCounts())
          .containsEntry("docker_run_failed", 1L);
      assertThat(scheduler.pendingDelays()).singleElement().isEqualTo(Duration.ofMinutes(1));
      assertThat(telemetry.sentHeartbeats(1).get(0).error()).isEqualTo("connection refused");
    }

    @Test
    void retryAfterOn503And429IsHonouredUpToTheInterval() {
      server.enqueue(
          Reply.status(503).withHeader("Retry-After", "600"),
          Reply.status(429).withHeader("Retry-After", "7200"),
          Reply.status(429).withHeader("Retry-After", "999999"),
          Reply.status(500).withHeader("Retry-After", "600"));
      service().start();

      for (int i = 0; i < 5; i++) {
        scheduler.runNext();
      }

      assertThat(scheduler.scheduledDelays())
          .containsExactly(
              Duration.ofMinutes(5),
              Duration.ofMinutes(10),
              Duration.ofHours(2),
              Duration.ofHours(24),
              Duration.ofMinutes(8),
              Duration.ofHours(24));
    }

    @Test
    void everyAttemptIsLoggedNewestFirstWithTheExactBytes() {
      server.enqueue(Reply.status(500));
      TelemetryService telemetry = service();
      telemetry.start();

      scheduler.runNext();
      scheduler.runNext();

      List<SentHeartbeat> log = telemetry.sentHeartbeats(10);
      assertThat(log).extracting(SentHeartbeat::httpStatus).containsExactly(200, 500);
      assertThat(log.get(0).payload().getBytes(StandardCharsets.UTF_8))
          .isEqualTo(server.requests().get(1).body());
      assertThat(log.get(1).accepted()).isFalse();
    }

    @Test
    void aFailingHostCallbackDoesNotEndTheLoop() {
      TelemetryService telemetry =
          service(
              builder(process().build())
                  .configuredIdeCount(
                      () -> {
                        throw new IllegalStateException("host bug");
                      }));
      telemetry.start();

      scheduler.runNext();

      assertThat(server.connectionCount()).isZero();
      assertThat(scheduler.pendingDelays()).singleElement().isEqualTo(Duration.ofMinutes(1));
    }
  }

  @Nested
  class SendNow {
    @Test
    void sendsOneHeartbeatAndReportsTheAnswer() {
      SendResult result = service().sendNow();

      assertThat(result.status()).isEqualTo(SendResult.Status.ACCEPTED);
      assertThat(result.httpStatus()).isEqualTo(200);
      assertThat(result.accepted()).isTrue();
      assertThat(server.requests()).hasSize(1);
      assertThat(scheduler.scheduledDelays()).isEmpty();
    }

    @Test
    void reportsRejectionAndRetryAfter() {
      server.enqueue(Reply.status(503).withHeader("Retry-After", "30"));

      SendResult result = service().sendNow();

      assertThat(result.status()).isEqualTo(SendResult.Status.REJECTED);
      assertThat(result.httpStatus()).isEqualTo(503);
      assertThat(result.detail()).isEqualTo("HTTP 503");
      assertThat(result.retryAfter()).contains(Duration.ofSeconds(30));
    }

    @Test
    void reportsFailureWithoutStatus() {
      SendResult result =
          service(builder(process().build()).endpoint(RecordingServer.refusingEndpoint()))
              .sendNow();

      assertThat(result.status()).isEqualTo(SendResult.Status.FAILED);
      assertThat(result.httpStatus()).isZero();
    }

    @Test
    void uptimeIsWholeHoursSinceTheServiceWasBuilt() {
      TelemetryService telemetry = service();
      clock.advance(Duration.ofHours(49).plusMinutes(59));

      telemetry.sendNow();

      assertThat(lastHeartbeat().get("uptime_hours").asLong()).isEqualTo(49);
      assertThat(lastHeartbeat().get("timestamp").textValue()).isEqualTo("2026-11-26T17:30:48Z");
    }
  }

  @Nested
  class Disabled {
    private void assertNothingLeaves(TelemetryService telemetry) {
      telemetry.registry().recordSurface(Surface.MCP);
      telemetry.start();

      SendResult result = telemetry.sendNow();
      telemetry.close();

      assertThat(telemetry.enabled()).isFalse();
      assertThat(result.status()).isEqualTo(SendResult.Status.DISABLED);
      assertThat(scheduler.scheduledDelays()).isEmpty();
      assertThat(server.connectionCount()).isZero();
      assertThat(filesUnder(dataDir)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"DO_NOT_TRACK=1", "CI=true", "MCPPROXY_TELEMETRY=false"})
    void byEachEnvironmentVariable(String variable) {
      String[] parts = variable.split("=", 2);
      TelemetryService telemetry = service(process().env(Map.of(parts[0], parts[1])).build());

      assertNothingLeaves(telemetry);
      assertThat(telemetry.envDisabledReason()).isNotEqualTo(EnvDisabledReason.NONE);
      assertThat(telemetry.optOut().decidedBy())
          .isEqualTo(telemetry.envDisabledReason().wireName());
    }

    @Test
    void byTheConfig() {
      writeConfig("{\"telemetry\": {\"enabled\": false}}");
      TelemetryService telemetry = service();

      assertNothingLeaves(telemetry);
      assertThat(telemetry.envDisabledReason()).isEqualTo(EnvDisabledReason.NONE);
      assertThat(telemetry.optOut().decidedBy()).isEqualTo("config");
    }

    @ParameterizedTest(name = "version \"{0}\"")
    @ValueSource(strings = {"dev", "", "latest", "1.2.3.4"})
    void byANonSemverVersion(String version) {
      TelemetryService telemetry = service(builder(process().build()).version(version));

      assertNothingLeaves(telemetry);
      assertThat(telemetry.optOut().enabled()).isTrue();
      assertThat(telemetry.version()).isEmpty();
    }

    @Test
    void whenTheConfigBecomesUnreadableWhileRunning() {
      TelemetryService telemetry = service();
      assertThat(telemetry.sendNow().accepted()).isTrue();
      int connectionsBefore = server.connectionCount();
      telemetry.registry().recordSurface(Surface.MCP);
      // The person meant to switch telemetry off but left a syntax error: nothing may be sent.
      writeConfig("{\"telemetry\": {\"enabled\": false,}}");

      SendResult result = telemetry.sendNow();

      assertThat(result.status()).isEqualTo(SendResult.Status.FAILED);
      assertThat(result.detail()).contains("config");
      assertThat(server.connectionCount()).isEqualTo(connectionsBefore);
      assertThat(telemetry.unacknowledgedCounters().surfaceRequests()).containsEntry("mcp", 1L);
    }

    @Test
    void whenTheConfigIsSwitchedOffWhileRunning() {
      TelemetryService telemetry = service();
      telemetry.start();
      writeConfig("{\"telemetry\": {\"enabled\": false}}");

      scheduler.runNext();

      assertThat(server.connectionCount()).isZero();
      assertThat(scheduler.pendingDelays()).singleElement().isEqualTo(Duration.ofHours(24));
    }

    @Test
    void activationStoreIsInMemoryAndNeverWritten() {
      TelemetryService telemetry = service(process().env(Map.of("DO_NOT_TRACK", "1")).build());

      telemetry.activationStore().markFirstMcpClient();
      telemetry.close();

      assertThat(telemetry.activationStore().load().firstMcpClientEver()).isTrue();
      assertThat(filesUnder(dataDir)).isEmpty();
    }

    @Test
    void registryStillCountsInMemory() {
      TelemetryService telemetry = service(process().env(Map.of("DO_NOT_TRACK", "1")).build());

      telemetry.registry().recordSurface(Surface.TRAY);

      assertThat(telemetry.registry().snapshot().surfaceRequests()).containsEntry("tray", 1L);
      assertThat(telemetry.buildPayload().surfaceRequests()).containsEntry("tray", 1L);
    }
  }

  @Nested
  class Privacy {
    @Test
    void noCanaryReachesTheWire() {
      writeConfig(
          """
          {
            "mcpServers": [
              {"name": "canary-server-name", "url": "https://canary-url.example/mcp?key=canary-query",
               "protocol": "http", "oauth": {"client_id": "canary-client-id", "scopes": ["canary-scope"]}},
              {"name": "canary-second", "command": "canary-command", "args": ["--canary-arg"],
               "protocol": "stdio", "env": {"CANARY_ENV": "canary-env-value"}}
            ],
            "data_dir": "/home/canaryuser/.mcpproxy"
          }
          """);
      Map<String, String> env = new HashMap<>();
      env.put("GITHUB_TOKEN", "canary-github-token");
      env.put("GITLAB_TOKEN", "canary-gitlab-token");
      env.put("OPENAI_API_KEY", "canary-openai-key");
      env.put("ANTHROPIC_API_KEY", "canary-anthropic-key");
      env.put("GOOGLE_API_KEY", "canary-google-key");
      TelemetryService telemetry =
          service(
              process()
                  .env(env)
                  .hostname("canary-hostname")
                  .homeDirectory(Path.of("/home/canaryuser"))
                  .build());
      telemetry.registry().recordBuiltinTool("canary_upstream_tool");
      telemetry.registry().recordUpstreamTool();
      telemetry.registry().recordRestRequest("GET", "/api/v1/servers", "2xx");
      telemetry.activationStore().recordMcpClient("claude-desktop");

      SendResult result = telemetry.sendNow();

      assertThat(result.status()).isEqualTo(SendResult.Status.ACCEPTED);
      String wire = server.requests().get(0).bodyText().toLowerCase(Locale.ROOT);
      assertThat(wire).doesNotContain("canary");
      assertThat(server.requests().get(0).headers().toString().toLowerCase(Locale.ROOT))
          .doesNotContain("canary");
      assertThat(wire).contains("\"upstream_tool_call_count_bucket\":\"1-10\"");
      assertThat(lastHeartbeat().get("server_protocol_counts").get("http").asInt()).isEqualTo(1);
    }

    @Test
    void hostNamedServerAndUserNamedDockerStillSend() {
      writeConfig("{\"mcpServers\": [{\"name\": \"a\", \"protocol\": \"stdio\"}]}");
      TelemetryService telemetry =
          service(
              builder(process().hostname("server").homeDirectory(Path.of("/home/docker")).build())
                  .edition(Edition.SERVER)
                  .runtimeStats(stats(1, 1, true)));
      telemetry.registry().recordDoctorRun(List.of(DoctorCheckResult.of("docker_daemon", true)));

      SendResult result = telemetry.sendNow();

      assertThat(result.status()).isEqualTo(SendResult.Status.ACCEPTED);
      assertThat(lastHeartbeat().get("edition").textValue()).isEqualTo("server");
      assertThat(telemetry.registry().anonymityViolationsTotal()).isZero();
    }

    @ParameterizedTest(name = "host {0}")
    @ValueSource(strings = {"cafe", "2026"})
    void hostNamedLikeAGroupOfTheIdOrTheTimeStillSends(String host) {
      String id = "0b7c6e58-cafe-4c1a-9a7e-2f4d5b6c7d8e";
      writeConfig(
          "{\"telemetry\": {\"anonymous_id\": \""
              + id
              + "\", \"anonymous_id_created_at\": \"2026-11-24T15:31:48Z\"}}");
      TelemetryService telemetry = service(process().hostname(host).build());

      SendResult result = telemetry.sendNow();

      assertThat(result.status()).isEqualTo(SendResult.Status.ACCEPTED);
      assertThat(lastHeartbeat().get("anonymous_id").textValue()).isEqualTo(id);
      assertThat(lastHeartbeat().get("timestamp").textValue()).isEqualTo("2026-11-24T15:31:48Z");
      assertThat(telemetry.registry().anonymityViolationsTotal()).isZero();
    }

    @Test
    void refusedEntryIsRemovedCountedByRuleAndTheRestSent() {
      TelemetryService telemetry =
          service(builder(process().hostname("build-box-42").build()).mcpClients("build-box-42"));
      telemetry.activationStore().recordMcpClient("build-box-42");
      telemetry.activationStore().recordMcpClient("cursor-vscode");
      telemetry.registry().recordSurface(Surface.CLI);

      SendResult result = telemetry.sendNow();

      assertThat(result.status()).isEqualTo(SendResult.Status.ACCEPTED);
      assertThat(server.requests().get(0).bodyText()).doesNotContain("build-box-42");
      assertThat(lastHeartbeat().get("activation").get("mcp_clients_seen_ever"))
          .containsExactly(TextNode.valueOf("cursor"));
      assertThat(lastHeartbeat().get("surface_requests").get("cli").asLong()).isEqualTo(1);
      assertThat(telemetry.localCounts()).containsEntry("scanner_removed.blocked_value", 1L);
      assertThat(telemetry.registry().anonymityViolationsTotal()).isZero();
    }

    @Test
    void refusedRouteAndCheckAreRemovedFromTheOutboxAndTheRestSent() {
      TelemetryService first =
          service(
              builder(process().hostname("fleetbox7").build())
                  .restRoutes("/api/v1/servers", "/api/fleetbox7/status")
                  .doctorChecks("docker_daemon", "fleetbox7_disk"));
      first.registry().recordRestRequest("GET", "/api/v1/servers", "2xx");
      first.registry().recordRestRequest("GET", "/api/fleetbox7/status", "2xx");
      first
          .registry()
          .recordDoctorRun(
              List.of(
                  DoctorCheckResult.of("docker_daemon", true),
                  DoctorCheckResult.of("fleetbox7_disk", true)));
      server.enqueue(Reply.status(500));

      SendResult refusedThenSent = first.sendNow();
      first.close();
      TelemetryService second =
          service(
              builder(process().hostname("fleetbox7").build())
                  .restRoutes("/api/v1/servers", "/api/fleetbox7/status")
                  .doctorChecks("docker_daemon", "fleetbox7_disk"));
      SendResult retried = second.sendNow();

      assertThat(refusedThenSent.status()).isEqualTo(SendResult.Status.REJECTED);
      assertThat(retried.status()).isEqualTo(SendResult.Status.ACCEPTED);
      assertThat(server.requests()).hasSize(2);
      for (Recorded request : server.requests()) {
        assertThat(request.bodyText()).doesNotContain("fleetbox7").contains("GET /api/v1/servers");
        assertThat(request.bodyText()).contains("docker_daemon");
      }
      assertThat(second.localCounts()).containsEntry("scanner_removed.blocked_value", 2L);
    }

    @Test
    void aRemovedEntryDoesNotComeBackAfterARestart() {
      TelemetryService first =
          service(builder(process().hostname("build-box-42").build()).mcpClients("build-box-42"));
      first.activationStore().recordMcpClient("build-box-42");
      first.sendNow();
      first.close();

      TelemetryService second =
          service(builder(process().hostname("build-box-42").build()).mcpClients("build-box-42"));
      SendResult result = second.sendNow();

      assertThat(result.status()).isEqualTo(SendResult.Status.ACCEPTED);
      assertThat(server.requests()).hasSize(2);
      assertThat(server.requests().get(1).bodyText()).doesNotContain("build-box-42");
      assertThat(second.localCounts()).containsEntry("scanner_removed.blocked_value", 1L);
    }
  }

  @Nested
  class BuildPayload {
    @Test
    void createsNoFileNoIdAndLeavesTheInstallerFlag() throws IOException {
      TelemetryService telemetry =
          service(process().env(Map.of("MCPPROXY_LAUNCHED_BY", "installer")).build());
      Set<Path> before = filesUnder(dir);

      HeartbeatPayload payload = telemetry.buildPayload();
      byte[] rendered = telemetry.renderPayload();

      assertThat(filesUnder(dir)).isEqualTo(before);
      assertThat(Files.exists(configPath)).isFalse();
      assertThat(payload.launchSource()).isEqualTo(LaunchSource.INSTALLER);
      assertThat(AnonymousIdentity.isValidId(payload.anonymousId())).isTrue();
      assertThat(json(rendered).get("anonymous_id").textValue()).isEqualTo(payload.anonymousId());

      telemetry.sendNow();

      assertThat(lastHeartbeat().get("launch_source").textValue()).isEqualTo("installer");
      assertThat(lastHeartbeat().get("anonymous_id").textValue()).isEqualTo(payload.anonymousId());
      assertThat(configOnDisk().get("telemetry").get("anonymous_id").textValue())
          .isEqualTo(payload.anonymousId());
    }

    @Test
    void leavesAnExistingConfigByteForByte() throws IOException {
      writeConfig("{\"routing_mode\": \"direct\",  \"telemetry\": {\"notice_shown\": true}}\n");
      byte[] before = Files.readAllBytes(configPath);
      TelemetryService telemetry = service();

      HeartbeatPayload payload = telemetry.buildPayload();

      assertThat(Files.readAllBytes(configPath)).isEqualTo(before);
      assertThat(payload.routingMode()).isEqualTo("direct");
      assertThat(filesUnder(dataDir)).isEmpty();
    }

    @Test
    void doesNotConsumeAPendingInstallerFlag() {
      server.enqueue(Reply.status(500));
      TelemetryService installer =
          service(process().env(Map.of("MCPPROXY_LAUNCHED_BY", "installer")).build());
      installer.sendNow();

      for (int i = 0; i < 3; i++) {
        assertThat(installer.buildPayload().launchSource()).isEqualTo(LaunchSource.INSTALLER);
      }
      assertThat(installer.activationStore().isInstallerPending()).isTrue();
    }

    @Test
    void doesNotRotateAnOldId() throws IOException {
      String old = "0b7c6e58-3f1d-4c1a-9a7e-2f4d5b6c7d8e";
      writeConfig(
          "{\"telemetry\": {\"anonymous_id\": \""
              + old
              + "\", \"anonymous_id_created_at\": \"2024-01-01T00:00:00Z\"}}");
      byte[] before = Files.readAllBytes(configPath);

      HeartbeatPayload payload = service().buildPayload();

      assertThat(payload.anonymousId()).isNotEqualTo(old);
      assertThat(Files.readAllBytes(configPath)).isEqualTo(before);
    }

    @Test
    void mayRunWhileASendIsInFlight() throws Exception {
      server.enqueue(Reply.hanging());
      TelemetryService telemetry =
          service(builder(process().build()).requestTimeout(Duration.ofSeconds(1)));
      ExecutorService sender = Executors.newSingleThreadExecutor();
      try {
        Future<SendResult> inFlight = sender.submit(telemetry::sendNow);
        assertThat(server.awaitRequests(1, Duration.ofSeconds(5))).isTrue();

        HeartbeatPayload payload =
            assertTimeoutPreemptively(Duration.ofSeconds(2), telemetry::buildPayload);

        assertThat(payload.version()).isEqualTo(VERSION);
        assertThat(inFlight.get(10, TimeUnit.SECONDS).status()).isEqualTo(SendResult.Status.FAILED);
      } finally {
        sender.shutdownNow();
      }
    }
  }

  @Nested
  class PayloadContents {
    @Test
    void takesEachFieldFromItsSource() throws IOException {
      writeConfig(
          """
          {
            "routing_mode": "code_execution",
            "enable_code_execution": true,
            "mcpServers": [
              {"name": "a", "protocol": "stdio"},
              {"name": "b", "protocol": "streamable-http", "url": "https://mcp.github.com/x",
               "oauth": {"client_id": "x"}}
            ],
            "telemetry": {"last_startup_outcome": "port_conflict"}
          }
          """);
      Path sidecar = dir.resolve("tray-autostart.json");
      Files.writeString(sidecar, "{\"enabled\": true, \"updated_at\": \"2026-11-01T00:00:00Z\"}");
      TelemetryService telemetry =
          service(
              builder(
                      process()
                          .goOs("darwin")
                          .goArch("arm64")
                          .env(Map.of("CODESPACES", "true"))
                          .build())
                  .version("0.25")
                  .edition(Edition.SERVER)
                  .runtimeStats(stats(2, 1, true))
                  .configuredIdeCount(() -> 3)
                  .autostartReader(new AutostartReader(sidecar, "darwin", clock)));
      telemetry.activationStore().markFirstConnectedServer();
      telemetry.activationStore().recordMcpClient("Cursor");

      HeartbeatPayload payload = telemetry.buildPayload();

      assertThat(payload.version()).isEqualTo("v0.25.0");
      assertThat(payload.currentVersion()).isEqualTo("v0.25.0");
      assertThat(payload.edition()).isEqualTo(Edition.SERVER);
      assertThat(payload.os()).isEqualTo("darwin");
      assertThat(payload.arch()).isEqualTo("arm64");
      assertThat(payload.goVersion()).startsWith("java");
      assertThat(payload.schemaVersion()).isEqualTo(3);
      assertThat(payload.serverCount()).isEqualTo(2);
      assertThat(payload.connectedServerCount()).isEqualTo(1);
      assertThat(payload.toolCount()).isEqualTo(17);
      assertThat(payload.routingMode()).isEqualTo("retrieve_tools");
      assertThat(payload.featureFlags().dockerAvailable()).isTrue();
      assertThat(payload.featureFlags().enableCodeExecution()).isTrue();
      assertThat(payload.featureFlags().oauthProviderTypes()).containsExactly("github");
      assertThat(payload.serverProtocolCounts())
          .containsEntry("stdio", 1)
          .containsEntry("streamable_http", 1)
          .containsEntry("auto", 0);
      assertThat(payload.serverDockerIsolatedCount()).isEqualTo(1);
      assertThat(payload.lastStartupOutcome().wireName()).isEqualTo("port_conflict");
      assertThat(payload.envKind().wireName()).isEqualTo("cloud_ide");
      assertThat(payload.envMarkers().hasCloudIdeEnv()).isTrue();
      assertThat(payload.activation().firstConnectedServerEver()).isTrue();
      assertThat(payload.activation().mcpClientsSeenEver()).containsExactly("cursor");
      assertThat(payload.activation().configuredIdeCount()).isEqualTo(3);
      assertThat(payload.autostartEnabled()).isTrue();
      assertThat(payload.anonymousIdCreatedAt())
          .isEqualTo(clock.instant().truncatedTo(ChronoUnit.DAYS));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
      "1.2.3-rc.1, v1.2.3-rc.1",
      "1.2.3-beta2, v1.2.3-beta2",
      "1.2.3-SNAPSHOT, v1.2.3-snapshot",
      "v1.4.2-dev, v1.4.2-dev",
      "1.2.3-alice.example.com, v1.2.3",
      "1.2.3-ghp-0123456789abcdef, v1.2.3",
      "1.2.3+build.db01, v1.2.3"
    })
    void versionCarriesOnlyAFixedPreReleaseWord(String given, String sent) {
      TelemetryService telemetry = service(builder(process().build()).version(given));

      assertThat(telemetry.buildPayload().version()).isEqualTo(sent);
      assertThat(telemetry.buildPayload().currentVersion()).isEqualTo(sent);
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1.2.3-alice.example.com", "1.2.3", "/home/alice", "v1.2"})
    void previousVersionThatIsNotCanonicalIsSentEmpty(String stored) {
      writeConfig("{\"telemetry\": {\"last_reported_version\": \"" + stored + "\"}}");

      assertThat(service().buildPayload().previousVersion()).isEmpty();
    }

    @Test
    void canonicalPreviousVersionIsSent() {
      writeConfig("{\"telemetry\": {\"last_reported_version\": \"v1.2.3-rc.1\"}}");

      assertThat(service().buildPayload().previousVersion()).isEqualTo("v1.2.3-rc.1");
    }

    @Test
    void platformWordsOutsideTheirVocabulariesBecomeUnknown() {
      TelemetryService telemetry =
          service(
              builder(
                      process()
                          .goOs("alice-laptop")
                          .goArch("ghp_0123456789")
                          .runtimeVersion("java17-db01.corp")
                          .build())
                  .runtimeStats(new RuntimeStatsWithMode("db01.corp.example.com")));

      HeartbeatPayload payload = telemetry.buildPayload();

      assertThat(payload.os()).isEqualTo("unknown");
      assertThat(payload.arch()).isEqualTo("unknown");
      assertThat(payload.goVersion()).isEqualTo("unknown");
      assertThat(payload.routingMode()).isEqualTo("unknown");
    }

    @Test
    void clientNamesAreCanonicalOrOther() {
      TelemetryService telemetry = service(builder(process().build()).mcpClients("acme-ide"));
      telemetry.activationStore().recordMcpClient("Visual Studio Code");
      telemetry.activationStore().recordMcpClient("claude-ai");
      telemetry.activationStore().recordMcpClient("ghp_0123456789abcdef0123");
      telemetry.activationStore().recordMcpClient("db01.corp.example.com");
      telemetry.activationStore().recordMcpClient("Acme IDE");

      assertThat(telemetry.buildPayload().activation().mcpClientsSeenEver())
          .containsExactly("vscode", "claude-desktop", "other", "acme-ide");
      assertThat(telemetry.localCounts()).containsEntry("unknown_mcp_client", 2L);
    }

    @Test
    void undeclaredRoutesAndChecksAreFoldedOrDroppedAndCountedLocally() {
      TelemetryService telemetry =
          service(
              builder(process().build())
                  .restRoutes("/api/v1/servers")
                  .doctorChecks("docker_daemon"));
      telemetry.registry().recordRestRequest("GET", "/api/v1/servers", "2xx");
      telemetry.registry().recordRestRequest("GET", "/api/v1/users/alice", "2xx");
      telemetry
          .registry()
          .recordDoctorRun(
              List.of(
                  DoctorCheckResult.of("docker_daemon", true), DoctorCheckResult.of("db01", true)));

      HeartbeatPayload payload = telemetry.buildPayload();

      assertThat(payload.restEndpointCalls()).containsOnlyKeys("GET /api/v1/servers", "UNMATCHED");
      assertThat(payload.doctorChecks()).containsOnlyKeys("docker_daemon");
      assertThat(telemetry.localCounts())
          .containsEntry("undeclared_rest_route", 1L)
          .containsEntry("undeclared_doctor_check", 1L);
    }

    @Test
    void localCountsSurviveARestartAndAreNeverSent() {
      TelemetryService first = service();
      first.registry().recordRestRequest("GET", "/undeclared", "2xx");
      first.sendNow();
      first.close();

      assertThat(service().localCounts()).containsEntry("undeclared_rest_route", 1L);
      assertThat(server.requests().get(0).bodyText()).doesNotContain("undeclared");
    }

    @Test
    void withoutRuntimeStatsTheConfigSuppliesCountsAndModes() {
      writeConfig(
          "{\"routing_mode\": \"direct\", \"quarantine_enabled\": false, "
              + "\"mcpServers\": [{\"name\": \"a\"}, {\"name\": \"b\"}, {\"name\": \"c\"}]}");

      HeartbeatPayload payload = service().buildPayload();

      assertThat(payload.serverCount()).isEqualTo(3);
      assertThat(payload.connectedServerCount()).isZero();
      assertThat(payload.routingMode()).isEqualTo("direct");
      assertThat(payload.quarantineEnabled()).isFalse();
      assertThat(payload.autostartEnabled()).isNull();
    }

    @Test
    void sentPayloadIsValidAgainstThePublishedSchemas() {
      writeConfig(
          "{\"mcpServers\": [{\"name\": \"a\", \"protocol\": \"sse\"}],"
              + " \"telemetry\": {\"last_startup_outcome\": \"success\"}}");
      TelemetryService telemetry =
          service(
              builder(process().build())
                  .runtimeStats(stats(1, 1, false))
                  .restRoutes("/api/v1/servers")
                  .doctorChecks("config_valid"));
      telemetry.registry().recordSurface(Surface.MCP);
      telemetry.registry().recordBuiltinTool(BuiltinTool.UPSTREAM_SERVERS);
      telemetry.registry().recordUpstreamTool();
      telemetry.registry().recordRestRequest("GET", "/api/v1/servers", "2xx");
      telemetry.registry().recordError(ErrorCategory.CONFIG_RELOAD_FAILED);
      telemetry.registry().recordDoctorRun(List.of(DoctorCheckResult.of("config_valid", false)));
      telemetry.activationStore().recordMcpClient("claude-desktop");

      telemetry.sendNow();

      assertThat(HeartbeatSchemas.validate(lastHeartbeat())).isEmpty();
      assertThat(server.requests().get(0).header("Content-Type")).isEqualTo("application/json");
    }
  }

  @Nested
  class DataDirectory {
    private TelemetryService.Builder withoutDataDir(ProcessEnvironment process) {
      return TelemetryService.builder()
          .config(configPath)
          .version(VERSION)
          .processEnvironment(process)
          .clock(clock)
          .scheduler(scheduler)
          .endpoint(server.endpoint());
    }

    @Test
    void comesFromTheConfigsDataDir() {
      Path configured = dir.resolve("configured-data");
      writeConfig("{\"data_dir\": \"" + configured + "\"}");

      service(withoutDataDir(process().build())).sendNow();

      assertThat(configured.resolve("telemetry.db")).isRegularFile();
    }

    @Test
    void expandsATildeAgainstTheHomeDirectory() {
      Path home = dir.resolve("home");
      writeConfig("{\"data_dir\": \"~/custom\"}");

      service(withoutDataDir(process().homeDirectory(home).build())).sendNow();

      assertThat(home.resolve("custom").resolve("telemetry.db")).isRegularFile();
    }

    @Test
    void defaultsToDotMcpproxyInTheHomeDirectory() {
      Path home = dir.resolve("home");

      service(withoutDataDir(process().homeDirectory(home).build())).sendNow();

      assertThat(home.resolve(".mcpproxy").resolve("telemetry.db")).isRegularFile();
    }
  }

  @Nested
  class AnonymousId {
    @Test
    void firstSendCreatesAndPersistsAnIdWithItsCreationDay() {
      service().sendNow();

      JsonNode telemetry = configOnDisk().get("telemetry");
      String id = telemetry.get("anonymous_id").textValue();
      assertThat(AnonymousIdentity.isValidId(id)).isTrue();
      assertThat(telemetry.get("anonymous_id_created_at").textValue())
          .isEqualTo("2026-11-24T00:00:00Z");
      assertThat(lastHeartbeat().get("anonymous_id").textValue()).isEqualTo(id);
      assertThat(lastHeartbeat().get("anonymous_id_created_at").textValue())
          .isEqualTo("2026-11-24T00:00:00Z");
    }

    @Test
    void rotatesAfter365DaysAndNotBefore() {
      TelemetryService telemetry = service();
      telemetry.sendNow();
      String first = configOnDisk().get("telemetry").get("anonymous_id").textValue();

      clock.advance(Duration.ofDays(364));
      telemetry.sendNow();
      assertThat(configOnDisk().get("telemetry").get("anonymous_id").textValue()).isEqualTo(first);

      clock.advance(Duration.ofDays(2));
      telemetry.sendNow();

      JsonNode rotated = configOnDisk().get("telemetry");
      assertThat(rotated.get("anonymous_id").textValue()).isNotEqualTo(first);
      assertThat(rotated.get("anonymous_id_created_at").textValue())
          .isEqualTo(PayloadWriter.formatTimestamp(clock.instant().truncatedTo(ChronoUnit.DAYS)));
      assertThat(lastHeartbeat().get("anonymous_id").textValue())
          .isEqualTo(rotated.get("anonymous_id").textValue());
    }

    @ParameterizedTest(name = "created_at \"{0}\"")
    @ValueSource(strings = {"", "not a time", "2026-02-30T00:00:00Z"})
    void missingOrCorruptCreationTimeIsSetToTodayWithoutRotating(String createdAt) {
      String id = "0b7c6e58-3f1d-4c1a-9a7e-2f4d5b6c7d8e";
      writeConfig(
          "{\"telemetry\": {\"anonymous_id\": \""
              + id
              + "\", \"anonymous_id_created_at\": \""
              + createdAt
              + "\"}}");

      service().sendNow();

      JsonNode telemetry = configOnDisk().get("telemetry");
      assertThat(telemetry.get("anonymous_id").textValue()).isEqualTo(id);
      assertThat(telemetry.get("anonymous_id_created_at").textValue())
          .isEqualTo("2026-11-24T00:00:00Z");
    }

    @Test
    void creationTimeInTheFutureNeverRotates() {
      String id = "0b7c6e58-3f1d-4c1a-9a7e-2f4d5b6c7d8e";
      writeConfig(
          "{\"telemetry\": {\"anonymous_id\": \""
              + id
              + "\", \"anonymous_id_created_at\": \"2031-01-01T00:00:00Z\"}}");

      service().sendNow();

      JsonNode telemetry = configOnDisk().get("telemetry");
      assertThat(telemetry.get("anonymous_id").textValue()).isEqualTo(id);
      assertThat(telemetry.get("anonymous_id_created_at").textValue())
          .isEqualTo("2031-01-01T00:00:00Z");
    }

    @Test
    void writingTheIdKeepsEveryOtherKey() {
      writeConfig(
          "{\"listen\": \":8080\", \"mcpServers\": [{\"name\": \"keep-me\"}],"
              + " \"telemetry\": {\"notice_shown\": true}}");

      service().sendNow();

      JsonNode config = configOnDisk();
      assertThat(config.get("listen").textValue()).isEqualTo(":8080");
      assertThat(config.get("mcpServers").get(0).get("name").textValue()).isEqualTo("keep-me");
      assertThat(config.get("telemetry").get("notice_shown").booleanValue()).isTrue();
    }
  }

  @Nested
  class InstallerOneShot {
    private ProcessEnvironment installerLaunched() {
      return process().env(Map.of("MCPPROXY_LAUNCHED_BY", "installer")).build();
    }

    @Test
    void reportedUntilTheFirstAcceptedSendAndNeverAgain() {
      server.enqueue(Reply.status(500));
      TelemetryService telemetry = service(installerLaunched());

      telemetry.sendNow();
      assertThat(lastHeartbeat().get("launch_source").textValue()).isEqualTo("installer");
      telemetry.sendNow();
      assertThat(lastHeartbeat().get("launch_source").textValue()).isEqualTo("installer");
      telemetry.sendNow();
      assertThat(lastHeartbeat().get("launch_source").textValue()).isEqualTo("unknown");
      telemetry.close();

      service(installerLaunched()).sendNow();

      assertThat(lastHeartbeat().get("launch_source").textValue()).isEqualTo("unknown");
    }

    @Test
    void afterConsumptionTheRestOfTheDetectionStillCounts() {
      TelemetryService telemetry =
          service(
              process().env(Map.of("MCPPROXY_LAUNCHED_BY", "installer")).tty(() -> true).build());

      telemetry.sendNow();
      telemetry.sendNow();

      assertThat(lastHeartbeat().get("launch_source").textValue()).isEqualTo("cli");
    }

    @Test
    void afterConsumptionALoginItemParentIsReported() {
      TelemetryService telemetry =
          service(
              process().env(Map.of("MCPPROXY_LAUNCHED_BY", "installer")).ppid(() -> true).build());

      telemetry.sendNow();
      assertThat(lastHeartbeat().get("launch_source").textValue()).isEqualTo("installer");
      telemetry.sendNow();

      assertThat(lastHeartbeat().get("launch_source").textValue()).isEqualTo("login_item");
      assertThat(telemetry.buildPayload().launchSource()).isEqualTo(LaunchSource.LOGIN_ITEM);
    }

    @Test
    void afterConsumptionTheTrayHandshakeIsReported() {
      TelemetryService telemetry =
          service(
              process()
                  .env(Map.of("MCPPROXY_LAUNCHED_BY", "installer"))
                  .handshake(() -> true)
                  .ppid(() -> true)
                  .build());

      telemetry.sendNow();
      telemetry.sendNow();

      assertThat(lastHeartbeat().get("launch_source").textValue()).isEqualTo("tray");
    }

    @Test
    void pendingFlagOutlivesAFailedRunAndIsReportedByTheNextLaunch() {
      server.enqueue(Reply.status(500));
      TelemetryService first = service(installerLaunched());
      first.sendNow();
      first.close();

      TelemetryService second = service(process().tty(() -> true).build());
      second.sendNow();
      assertThat(lastHeartbeat().get("launch_source").textValue()).isEqualTo("installer");
      second.sendNow();

      assertThat(lastHeartbeat().get("launch_source").textValue()).isEqualTo("cli");
    }

    @Test
    void neverReportedWithoutTheInstallerVariable() {
      service(process().tty(() -> true).build()).sendNow();

      assertThat(lastHeartbeat().get("launch_source").textValue()).isEqualTo("cli");
    }
  }

  @Nested
  class CountersAcrossRestarts {
    @Test
    void countersSurviveCloseAndANewService() {
      TelemetryService first = service();
      first.registry().recordSurface(Surface.MCP);
      first.registry().recordSurface(Surface.MCP);
      first.registry().recordError(ErrorCategory.OAUTH_TOKEN_EXPIRED);
      first.close();

      TelemetryService second = service();
      second.sendNow();

      assertThat(surfaceCount(lastHeartbeat(), Surface.MCP)).isEqualTo(2);
      assertThat(lastHeartbeat().get("error_category_counts").get("oauth_token_expired").asLong())
          .isEqualTo(1);
      second.close();

      service().sendNow();

      assertThat(surfaceCount(lastHeartbeat(), Surface.MCP)).isZero();
      assertThat(lastHeartbeat().has("error_category_counts")).isFalse();
    }

    @Test
    void countersOfAFailedSendAreRetriedUnderTheSameKeyAndNewOnesFollow() {
      TelemetryService first = service();
      first.registry().recordSurface(Surface.CLI);
      first.close();
      server.enqueue(Reply.status(500));
      TelemetryService second = service();
      second.sendNow();
      second.registry().recordSurface(Surface.CLI);
      second.close();

      TelemetryService third = service();
      third.sendNow();
      third.sendNow();

      List<Recorded> sent = server.requests();
      assertThat(sent).hasSize(3);
      assertThat(sent.get(1).header("Idempotency-Key"))
          .isEqualTo(sent.get(0).header("Idempotency-Key"));
      assertThat(sent.get(2).header("Idempotency-Key"))
          .isNotEqualTo(sent.get(1).header("Idempotency-Key"));
      assertThat(surfaceCount(json(sent.get(1).body()), Surface.CLI)).isEqualTo(1);
      assertThat(surfaceCount(json(sent.get(2).body()), Surface.CLI)).isEqualTo(1);
      assertThat(third.unacknowledgedCounters().isEmpty()).isTrue();
    }

    @Test
    void countersPersistedByAnotherRunAreMergedNotOverwritten() {
      TelemetryService first = service();
      first.registry().recordSurface(Surface.TRAY);
      first.close();
      TelemetryService second = service();
      second.registry().recordSurface(Surface.TRAY);
      second.registry().recordSurface(Surface.TRAY);
      second.close();

      service().sendNow();

      assertThat(surfaceCount(lastHeartbeat(), Surface.TRAY)).isEqualTo(3);
    }

    @Test
    void unreadableCountersOfAnotherRunDoNotCostThisRunsOnClose() {
      try (TelemetryDatabase db = TelemetryDatabase.open(dataDir, clock)) {
        db.counterOutbox().add("not counters", (a, b) -> b);
      }
      TelemetryService first = service();
      first.registry().recordSurface(Surface.TRAY);
      first.close();

      service().sendNow();

      assertThat(surfaceCount(lastHeartbeat(), Surface.TRAY)).isEqualTo(1);
    }

    @Test
    void closeWhileASendRestoresCountersPersistsThemAll() throws Exception {
      TelemetryService first = service();
      first.registry().recordSurface(Surface.TRAY);
      first.close();
      server.enqueue(Reply.status(500));
      TelemetryService second = service();
      second.registry().recordSurface(Surface.TRAY);
      ExecutorService sender = Executors.newSingleThreadExecutor();
      // Another process holds telemetry.db's write lock, so the send waits inside its restore.
      try (Connection other =
          DriverManager.getConnection(
              "jdbc:sqlite:" + dataDir.resolve(TelemetryDatabase.FILE_NAME))) {
        try (Statement statement = other.createStatement()) {
          statement.execute("BEGIN IMMEDIATE");
        }
        Future<SendResult> sending = sender.submit(second::sendNow);
        Thread.sleep(500);
        Thread release =
            new Thread(
                () -> {
                  try {
                    Thread.sleep(3_000);
                    try (Statement statement = other.createStatement()) {
                      statement.execute("ROLLBACK");
                    }
                  } catch (InterruptedException | SQLException e) {
                    throw new IllegalStateException(e);
                  }
                });
        release.start();
        second.close();
        release.join();
        sending.get(20, TimeUnit.SECONDS);
      } finally {
        sender.shutdownNow();
      }

      service().sendNow();

      assertThat(surfaceCount(lastHeartbeat(), Surface.TRAY)).isEqualTo(2);
    }

    @Test
    void closeStopsTheLoopAndIsIdempotent() {
      TelemetryService telemetry = service();
      telemetry.start();

      telemetry.close();
      telemetry.close();

      assertThat(scheduler.pendingDelays()).isEmpty();
      assertThatIllegalStateException().isThrownBy(telemetry::start);
      assertThat(telemetry.sendNow().status()).isEqualTo(SendResult.Status.FAILED);
      assertThat(server.connectionCount()).isZero();
    }

    @Test
    void closeDoesNotWaitForAHangingSendAndKeepsItsCounters() throws Exception {
      server.enqueue(Reply.hanging());
      ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();
      try {
        TelemetryService telemetry =
            service(
                builder(process().build())
                    .scheduler(loop)
                    .initialDelay(Duration.ZERO)
                    .requestTimeout(Duration.ofSeconds(30)));
        telemetry.registry().recordSurface(Surface.WEBUI);
        telemetry.start();
        assertThat(server.awaitRequests(1, Duration.ofSeconds(10))).isTrue();

        assertTimeoutPreemptively(Duration.ofSeconds(10), telemetry::close);

        service().sendNow();
        assertThat(surfaceCount(lastHeartbeat(), Surface.WEBUI)).isEqualTo(1);
      } finally {
        loop.shutdownNow();
      }
    }

    @Test
    void defaultSchedulerIsOneNamedDaemonThread() throws ConfigException {
      TelemetryService telemetry =
          TelemetryService.builder()
              .config(configPath)
              .version(VERSION)
              .dataDir(dataDir)
              .processEnvironment(process().build())
              .clock(clock)
              .endpoint(server.endpoint())
              .initialDelay(Duration.ofHours(1))
              .build();
      services.add(telemetry);

      telemetry.start();

      List<Thread> threads =
          Thread.getAllStackTraces().keySet().stream()
              .filter(t -> t.getName().equals("mcpproxy-telemetry-heartbeat"))
              .collect(Collectors.toList());
      assertThat(threads).isNotEmpty().allSatisfy(t -> assertThat(t.isDaemon()).isTrue());
      telemetry.close();
      assertThat(server.connectionCount()).isZero();
    }
  }

  @Nested
  class Concurrency {
    @Test
    void everyRecordedEventIsEitherAcknowledgedOrStillCounted() throws Exception {
      TelemetryService telemetry = service();
      int threads = 4;
      AtomicBoolean stop = new AtomicBoolean();
      Concurrently.Race<Long> recorders =
          Concurrently.start(
              threads,
              thread -> {
                long count = 0;
                // Keep recording until the sends are done, so every send races with recording.
                while (!stop.get() || count < 1_000) {
                  telemetry.registry().recordSurface(Surface.MCP);
                  telemetry.registry().recordBuiltinTool(BuiltinTool.CALL_TOOL_READ);
                  count++;
                }
                return count;
              });
      List<SendResult> results = new ArrayList<>();
      try {
        for (int send = 0; send < 12; send++) {
          if (send % 3 == 1) {
            server.enqueue(Reply.status(500));
          }
          results.add(telemetry.sendNow());
          telemetry.buildPayload();
        }
      } finally {
        stop.set(true);
      }
      long total = 0;
      for (long count : recorders.await(Duration.ofSeconds(30))) {
        total += count;
      }

      long acknowledgedMcp = 0;
      long acknowledgedReads = 0;
      List<Recorded> requests = server.requests();
      assertThat(requests).hasSameSizeAs(results);
      for (int i = 0; i < results.size(); i++) {
        if (results.get(i).accepted()) {
          JsonNode payload = json(requests.get(i).body());
          acknowledgedMcp += surfaceCount(payload, Surface.MCP);
          acknowledgedReads += payload.path("builtin_tool_calls").path("call_tool_read").asLong();
        }
      }
      assertThat(results).filteredOn(SendResult::accepted).hasSize(8);
      assertThat(acknowledgedMcp).isPositive();
      RegistrySnapshot remaining = telemetry.unacknowledgedCounters();
      assertThat(acknowledgedMcp + remaining.surfaceRequests().getOrDefault("mcp", 0L))
          .isEqualTo(total);
      assertThat(
              acknowledgedReads + remaining.builtinToolCalls().getOrDefault("call_tool_read", 0L))
          .isEqualTo(total);
    }
  }

  @Nested
  class Feedback {
    @Test
    void fillsTheContextAndReturnsTheAnswer() throws Exception {
      writeConfig("{\"mcpServers\": [{\"name\": \"a\"}, {\"name\": \"b\"}]}");
      server.enqueue(
          Reply.status(200)
              .withBody("{\"success\":true,\"issue_url\":\"https://example.test/1\"}"));
      TelemetryService telemetry = service();

      FeedbackResponse response = telemetry.submitFeedback(feedback("bug"));

      assertThat(response.success()).isTrue();
      assertThat(response.issueUrl()).isEqualTo("https://example.test/1");
      Recorded request = server.requests().get(0);
      assertThat(request.path()).isEqualTo("/v1/feedback");
      JsonNode context = json(request.body()).get("context");
      assertThat(context.get("version").textValue()).isEqualTo(VERSION);
      assertThat(context.get("edition").textValue()).isEqualTo("personal");
      assertThat(context.get("os").textValue()).isEqualTo("linux");
      assertThat(context.get("arch").textValue()).isEqualTo("amd64");
      assertThat(context.get("server_count").asInt()).isEqualTo(2);
      assertThat(context.get("routing_mode").textValue()).isEqualTo("retrieve_tools");
    }

    @Test
    void invalidFeedbackIsRejectedBeforeTheRateLimiterAndTheNetwork() throws Exception {
      TelemetryService telemetry = service();
      for (int i = 0; i < 7; i++) {
        assertThatExceptionOfType(InvalidFeedbackException.class)
            .isThrownBy(() -> telemetry.submitFeedback(feedback("praise")));
      }
      assertThatExceptionOfType(InvalidFeedbackException.class)
          .isThrownBy(
              () -> telemetry.submitFeedback(new FeedbackRequest("bug", "          ", null, null)));
      assertThat(server.connectionCount()).isZero();

      for (int i = 0; i < TelemetryService.FEEDBACK_PER_HOUR; i++) {
        assertThat(telemetry.submitFeedback(feedback("feature")).success()).isTrue();
      }
    }

    @Test
    void sixthWithinAnHourIsRefusedWithoutARequest() throws Exception {
      TelemetryService telemetry = service();
      for (int i = 0; i < 5; i++) {
        telemetry.submitFeedback(feedback("other"));
      }

      assertThatExceptionOfType(FeedbackException.class)
          .isThrownBy(() -> telemetry.submitFeedback(feedback("other")))
          .satisfies(
              e -> {
                assertThat(e.rateLimited()).isTrue();
                assertThat(e.statusCode()).isZero();
                assertThat(e.getMessage()).contains("5").contains("hour");
              });
      assertThat(server.requests()).hasSize(5);

      clock.advance(Duration.ofMinutes(61));
      assertThat(telemetry.submitFeedback(feedback("other")).success()).isTrue();
    }

    @Test
    void theLimitHoldsAcrossServices() throws Exception {
      TelemetryService first = service();
      for (int i = 0; i < 3; i++) {
        first.submitFeedback(feedback("bug"));
      }
      first.close();
      TelemetryService second = service();
      second.submitFeedback(feedback("bug"));
      second.submitFeedback(feedback("bug"));

      assertThatExceptionOfType(FeedbackException.class)
          .isThrownBy(() -> second.submitFeedback(feedback("bug")))
          .satisfies(e -> assertThat(e.rateLimited()).isTrue());
    }

    @Test
    void clientErrorCarriesTheStatus() {
      server.enqueue(Reply.status(422).withBody("{\"error\":\"message too short\"}"));

      assertThatExceptionOfType(FeedbackException.class)
          .isThrownBy(() -> service().submitFeedback(feedback("bug")))
          .satisfies(
              e -> {
                assertThat(e.statusCode()).isEqualTo(422);
                assertThat(e.rateLimited()).isFalse();
                assertThat(e.getMessage()).contains("422").contains("message too short");
              });
    }

    @Test
    void twoHundredWithoutJsonIsSuccess() throws Exception {
      server.enqueue(Reply.status(202).withBody("queued"));

      assertThat(service().submitFeedback(feedback("feature")).success()).isTrue();
    }
  }

  /** Live figures whose routing mode the host made up. */
  private record RuntimeStatsWithMode(String routingMode) implements RuntimeStats {
    @Override
    public int serverCount() {
      return 0;
    }

    @Override
    public int connectedServerCount() {
      return 0;
    }

    @Override
    public int toolCount() {
      return 0;
    }

    @Override
    public boolean quarantineEnabled() {
      return true;
    }

    @Override
    public boolean dockerAvailable() {
      return false;
    }

    @Override
    public int dockerIsolatedServerCount() {
      return 0;
    }
  }

  @Nested
  class Forget {
    @Test
    void deletesRemotelyThenRotatesTheIdAndClearsTheLog() {
      TelemetryService telemetry = service();
      telemetry.sendNow();
      String id = configOnDisk().get("telemetry").get("anonymous_id").textValue();
      server.enqueue(Reply.status(204));

      ForgetResult result = telemetry.forget();

      assertThat(result.complete()).isTrue();
      Recorded delete = server.requests().get(1);
      assertThat(delete.method()).isEqualTo("DELETE");
      assertThat(delete.path()).isEqualTo("/v1/installs/" + id);
      String newId = configOnDisk().get("telemetry").get("anonymous_id").textValue();
      assertThat(newId).isNotEqualTo(id);
      assertThat(AnonymousIdentity.isValidId(newId)).isTrue();
      assertThat(telemetry.sentHeartbeats(10)).isEmpty();
    }

    @Test
    void leavesNothingThatLinksTheNewIdToTheOld() {
      TelemetryService telemetry =
          service(builder(process().build()).restRoutes("/api/v1/servers"));
      telemetry.activationStore().markFirstConnectedServer();
      telemetry.activationStore().recordMcpClient("claude-code");
      telemetry.activationStore().incrementRetrieveToolsCall();
      telemetry.sendNow();
      telemetry.registry().recordRestRequest("GET", "/api/v1/servers", "2xx");
      clock.advance(Duration.ofHours(3));
      server.enqueue(Reply.status(204));

      assertThat(telemetry.forget().complete()).isTrue();
      telemetry.sendNow();

      JsonNode sent = lastHeartbeat();
      assertThat(sent.get("previous_version").textValue()).isEmpty();
      assertThat(sent.get("anonymous_id_created_at").textValue()).isEqualTo("2026-11-24T00:00:00Z");
      assertThat(sent.get("activation").get("mcp_clients_seen_ever")).isEmpty();
      assertThat(sent.get("activation").get("first_connected_server_ever").asBoolean()).isFalse();
      assertThat(sent.get("activation").get("retrieve_tools_calls_24h").asInt()).isZero();
      assertThat(sent.has("rest_endpoint_calls")).isFalse();
    }

    @Test
    void keepsEverythingWhenTheEndpointDoesNotConfirm() {
      TelemetryService telemetry = service();
      telemetry.sendNow();
      String id = configOnDisk().get("telemetry").get("anonymous_id").textValue();
      server.enqueue(Reply.status(500));

      ForgetResult result = telemetry.forget();

      assertThat(result.complete()).isFalse();
      assertThat(result.remoteDeletion().done()).isFalse();
      assertThat(result.remoteDeletion().detail()).contains("HTTP 500");
      assertThat(result.idRotation().done()).isFalse();
      assertThat(configOnDisk().get("telemetry").get("anonymous_id").textValue()).isEqualTo(id);
      assertThat(telemetry.sentHeartbeats(10)).hasSize(1);
    }

    @Test
    void notFoundCountsAsNothingHeld() {
      TelemetryService telemetry = service();
      telemetry.sendNow();
      server.enqueue(Reply.status(404));

      assertThat(telemetry.forget().complete()).isTrue();
    }

    @Test
    void withoutAnIdNothingIsAskedOrWritten() {
      ForgetResult result = service().forget();

      assertThat(result.complete()).isTrue();
      assertThat(server.connectionCount()).isZero();
      assertThat(Files.exists(configPath)).isFalse();
    }
  }

  private static RuntimeStats stats(int servers, int connected, boolean docker) {
    return new RuntimeStats() {
      @Override
      public int serverCount() {
        return servers;
      }

      @Override
      public int connectedServerCount() {
        return connected;
      }

      @Override
      public int toolCount() {
        return 17;
      }

      @Override
      public String routingMode() {
        return "retrieve_tools";
      }

      @Override
      public boolean quarantineEnabled() {
        return true;
      }

      @Override
      public boolean dockerAvailable() {
        return docker;
      }

      @Override
      public int dockerIsolatedServerCount() {
        return 1;
      }
    };
  }
}
