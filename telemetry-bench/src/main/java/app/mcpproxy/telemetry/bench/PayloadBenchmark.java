package app.mcpproxy.telemetry.bench;

import app.mcpproxy.telemetry.config.ConfigException;
import app.mcpproxy.telemetry.config.HostConfig;
import app.mcpproxy.telemetry.counters.CounterRegistry;
import app.mcpproxy.telemetry.counters.RegistrySnapshot;
import app.mcpproxy.telemetry.counters.Vocabulary;
import app.mcpproxy.telemetry.flags.FeatureFlags;
import app.mcpproxy.telemetry.flags.ServerProtocols;
import app.mcpproxy.telemetry.model.ActivationState;
import app.mcpproxy.telemetry.model.BuiltinTool;
import app.mcpproxy.telemetry.model.DoctorCheckResult;
import app.mcpproxy.telemetry.model.EnvKind;
import app.mcpproxy.telemetry.model.EnvMarkers;
import app.mcpproxy.telemetry.model.ErrorCategory;
import app.mcpproxy.telemetry.model.HeartbeatPayload;
import app.mcpproxy.telemetry.model.LaunchSource;
import app.mcpproxy.telemetry.model.StartupOutcome;
import app.mcpproxy.telemetry.model.Surface;
import app.mcpproxy.telemetry.payload.PayloadWriter;
import app.mcpproxy.telemetry.privacy.AnonymityScanner;
import app.mcpproxy.telemetry.privacy.AnonymityViolation;
import app.mcpproxy.telemetry.privacy.BlockedValues;
import app.mcpproxy.telemetry.testing.HeartbeatFixture;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One heartbeat's local cost, with every field populated: building the payload from the counters
 * and the config, writing it with {@link PayloadWriter}, and scanning it with the {@link
 * AnonymityScanner} — against Jackson's {@code ObjectMapper.writeValueAsBytes} of the same record
 * as the baseline. The parts are measured on their own too.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PayloadBenchmark {
  static final String CONFIG =
      """
      {
        "routing_mode": "retrieve_tools",
        "enable_code_execution": true,
        "features": {"enable_web_ui": true},
        "mcpServers": [
          {"name": "github", "protocol": "http", "url": "https://api.githubcopilot.com/mcp/",
           "oauth": {"client_id": "abc"}},
          {"name": "drive", "protocol": "streamable-http", "url": "https://mcp.googleapis.com/x",
           "oauth": {"client_id": "def"}},
          {"name": "files", "protocol": "stdio", "command": "npx"},
          {"name": "search", "protocol": "sse", "url": "https://search.example.com/sse"},
          {"name": "db", "command": "uvx"}
        ]
      }
      """;

  HostConfig config;
  CounterRegistry registry;
  ActivationState activation;
  AnonymityScanner scanner;
  HeartbeatPayload payload;
  byte[] json;
  ObjectMapper mapper;

  @Setup(Level.Trial)
  public void setUp() throws ConfigException {
    config = HostConfig.parse(CONFIG, "bench.json");
    registry =
        new CounterRegistry(
            Vocabulary.of(
                List.of(
                    "/api/v1/servers",
                    "/api/v1/servers/{name}/tools",
                    "/api/v1/servers/{name}/restart",
                    "/api/v1/servers/{name}"),
                List.of("docker_daemon", "config_valid", "port_free")));
    for (Surface surface : Surface.values()) {
      for (int i = 0; i <= surface.ordinal(); i++) {
        registry.recordSurface(surface);
      }
    }
    for (BuiltinTool tool : BuiltinTool.values()) {
      registry.recordBuiltinTool(tool);
    }
    for (int i = 0; i < 42; i++) {
      registry.recordUpstreamTool();
    }
    registry.recordRestRequest("GET", "/api/v1/servers", "2xx");
    registry.recordRestRequest("GET", "/api/v1/servers/{name}/tools", "2xx");
    registry.recordRestRequest("POST", "/api/v1/servers/{name}/restart", "5xx");
    registry.recordRestRequest("DELETE", "/api/v1/servers/{name}", "4xx");
    for (ErrorCategory category : ErrorCategory.values()) {
      registry.recordError(category);
    }
    registry.recordDoctorRun(
        List.of(
            DoctorCheckResult.of("docker_daemon", true),
            DoctorCheckResult.of("config_valid", true),
            DoctorCheckResult.of("port_free", false)));
    activation =
        new ActivationState(
            true, true, true, List.of("claude-desktop", "cursor", "vscode"), 12, "1k_10k", 2);
    scanner =
        new AnonymityScanner(
            BlockedValues.fromProcess(
                Optional.of("workstation-7"),
                Optional.of(Path.of("/home/alice")),
                Map.of("GITHUB_TOKEN", "ghp_0123456789abcdefghijklmnopqrstuvwxyz")));
    payload = build();
    json = PayloadWriter.toJson(payload);
    // Snake-case names and instants as text, so the baseline writes a comparable document.
    mapper =
        new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .registerModule(
                new SimpleModule().addSerializer(Instant.class, ToStringSerializer.instance));
    if (scanner.scan(json).isPresent()) {
      throw new IllegalStateException("benchmark payload must pass the scanner");
    }
  }

  HeartbeatPayload build() {
    RegistrySnapshot counters = registry.snapshot();
    // The fixture's identity fields: anonymous id, version, edition, platform, runtime, timestamp.
    return HeartbeatFixture.minimal()
        .serverCount(config.serverCount())
        .connectedServerCount(4)
        .toolCount(143)
        .uptimeHours(27)
        .routingMode(config.routingMode())
        .quarantineEnabled(config.quarantineEnabled())
        .anonymousIdCreatedAt(Instant.parse("2026-01-02T03:04:05Z"))
        .currentVersion("v0.25.0")
        .previousVersion("v0.24.1")
        .lastStartupOutcome(StartupOutcome.SUCCESS)
        .surfaceRequests(counters.surfaceRequests())
        .builtinToolCalls(counters.builtinToolCalls())
        .upstreamToolCallCountBucket(counters.upstreamToolCallCountBucket())
        .restEndpointCalls(counters.restEndpointCalls())
        .featureFlags(FeatureFlags.snapshot(config).withDockerAvailable(true))
        .errorCategoryCounts(counters.errorCategoryCounts())
        .doctorChecks(counters.doctorChecks())
        .serverProtocolCounts(ServerProtocols.count(config))
        .serverDockerIsolatedCount(2)
        .envKind(EnvKind.INTERACTIVE)
        .envMarkers(new EnvMarkers(false, false, false, true, true))
        .activation(activation)
        .launchSource(LaunchSource.TRAY)
        .autostartEnabled(Boolean.TRUE)
        .build();
  }

  /** Baseline: reflection-based serialisation of the same, already built record. */
  @Benchmark
  public byte[] baselineObjectMapper() throws JsonProcessingException {
    return mapper.writeValueAsBytes(payload);
  }

  /** The whole local path of a heartbeat: build, write, scan. */
  @Benchmark
  public Optional<AnonymityViolation> buildWriteScan() {
    return scanner.scan(PayloadWriter.toJson(build()));
  }

  @Benchmark
  public HeartbeatPayload buildOnly() {
    return build();
  }

  @Benchmark
  public byte[] writeOnly() {
    return PayloadWriter.toJson(payload);
  }

  @Benchmark
  public Optional<AnonymityViolation> scanOnly() {
    return scanner.scan(json);
  }
}
