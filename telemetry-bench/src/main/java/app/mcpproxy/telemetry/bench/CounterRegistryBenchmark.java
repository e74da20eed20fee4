package app.mcpproxy.telemetry.bench;

import app.mcpproxy.telemetry.counters.CounterRegistry;
import app.mcpproxy.telemetry.counters.RegistrySnapshot;
import app.mcpproxy.telemetry.counters.Vocabulary;
import app.mcpproxy.telemetry.model.BuiltinTool;
import app.mcpproxy.telemetry.model.DoctorCheckResult;
import app.mcpproxy.telemetry.model.ErrorCategory;
import app.mcpproxy.telemetry.model.Surface;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Recording into a {@link CounterRegistry}, against a bare {@link LongAdder} and an OpenTelemetry
 * SDK counter with one attribute, on one thread and on two threads sharing the same counters.
 *
 * <p>Run with {@code -prof gc} to see that recording allocates nothing ({@code gc.alloc.rate.norm}
 * 0 B/op).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CounterRegistryBenchmark {
  static final String METHOD = "GET";
  static final String ROUTE = "/api/v1/servers/{name}/tools";
  static final String STATUS_CLASS = "2xx";
  static final String UNDECLARED_ROUTE = "/api/v1/servers/{name}/logs";
  static final String TOOL = "call_tool_read";
  static final List<DoctorCheckResult> DOCTOR_RUN =
      List.of(DoctorCheckResult.of("docker_daemon", true));

  /** The declared routes and checks: the ten resources, the measured route, one check. */
  static final Vocabulary VOCABULARY = declared();

  CounterRegistry registry;
  LongAdder adder;
  SdkMeterProvider meterProvider;
  LongCounter otelCounter;
  Attributes otelAttributes;

  @Setup(Level.Trial)
  public void setUp() {
    registry = new CounterRegistry(VOCABULARY);
    populate(registry);
    adder = new LongAdder();
    meterProvider =
        SdkMeterProvider.builder().registerMetricReader(InMemoryMetricReader.create()).build();
    otelCounter = meterProvider.get("bench").counterBuilder("surface_requests").build();
    otelAttributes = Attributes.of(AttributeKey.stringKey("surface"), "webui");
    otelCounter.add(1, otelAttributes);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    meterProvider.close();
  }

  static Vocabulary declared() {
    List<String> routes = new ArrayList<>();
    for (int route = 0; route < 10; route++) {
      routes.add("/api/v1/resource" + route + "/{id}");
    }
    routes.add(ROUTE);
    return Vocabulary.of(routes, List.of("docker_daemon"));
  }

  /** Every key the recording benchmarks use, plus a realistic spread for the snapshot. */
  static void populate(CounterRegistry registry) {
    for (Surface surface : Surface.values()) {
      registry.recordSurface(surface);
    }
    for (BuiltinTool tool : BuiltinTool.values()) {
      registry.recordBuiltinTool(tool);
    }
    for (ErrorCategory category : ErrorCategory.values()) {
      registry.recordError(category);
    }
    String[] methods = {"GET", "POST", "PUT", "DELETE"};
    String[] classes = {"2xx", "3xx", "4xx", "5xx"};
    for (int route = 0; route < 10; route++) {
      for (String method : methods) {
        registry.recordRestRequest(
            method, "/api/v1/resource" + route + "/{id}", classes[route % 4]);
      }
    }
    registry.recordRestRequest(METHOD, ROUTE, STATUS_CLASS);
    registry.recordRestRequest("GET", "not-a-template", "4xx");
    registry.recordDoctorRun(DOCTOR_RUN);
    registry.recordUpstreamTool();
  }

  // Baselines.

  @Benchmark
  public void baselineLongAdderIncrement() {
    adder.increment();
  }

  @Benchmark
  @Threads(2)
  public void baselineLongAdderIncrement2Threads() {
    adder.increment();
  }

  @Benchmark
  public void baselineOtelCounterAdd() {
    otelCounter.add(1, otelAttributes);
  }

  @Benchmark
  @Threads(2)
  public void baselineOtelCounterAdd2Threads() {
    otelCounter.add(1, otelAttributes);
  }

  // Recording, one thread.

  @Benchmark
  public void recordSurface() {
    registry.recordSurface(Surface.WEBUI);
  }

  @Benchmark
  public void recordBuiltinToolByName() {
    registry.recordBuiltinTool(TOOL);
  }

  @Benchmark
  public void recordBuiltinTool() {
    registry.recordBuiltinTool(BuiltinTool.RETRIEVE_TOOLS);
  }

  @Benchmark
  public void recordUpstreamTool() {
    registry.recordUpstreamTool();
  }

  @Benchmark
  public void recordRestRequest() {
    registry.recordRestRequest(METHOD, ROUTE, STATUS_CLASS);
  }

  @Benchmark
  public void recordRestRequestStatusCode() {
    registry.recordRestRequest(METHOD, ROUTE, 200);
  }

  @Benchmark
  public void recordRestRequestUnmatched() {
    registry.recordRestRequest(METHOD, "not-a-template", "4xx");
  }

  @Benchmark
  public void recordError() {
    registry.recordError(ErrorCategory.UPSTREAM_CONNECT_TIMEOUT);
  }

  @Benchmark
  public void recordRestRequestUndeclared() {
    registry.recordRestRequest(METHOD, UNDECLARED_ROUTE, STATUS_CLASS);
  }

  @Benchmark
  public void recordDoctorRun() {
    registry.recordDoctorRun(DOCTOR_RUN);
  }

  @Benchmark
  public void recordAnonymityViolation() {
    registry.recordAnonymityViolation();
  }

  // Recording, two threads on the same registry.

  @Benchmark
  @Threads(2)
  public void recordSurface2Threads() {
    registry.recordSurface(Surface.WEBUI);
  }

  @Benchmark
  @Threads(2)
  public void recordBuiltinToolByName2Threads() {
    registry.recordBuiltinTool(TOOL);
  }

  @Benchmark
  @Threads(2)
  public void recordBuiltinTool2Threads() {
    registry.recordBuiltinTool(BuiltinTool.RETRIEVE_TOOLS);
  }

  @Benchmark
  @Threads(2)
  public void recordUpstreamTool2Threads() {
    registry.recordUpstreamTool();
  }

  @Benchmark
  @Threads(2)
  public void recordRestRequest2Threads() {
    registry.recordRestRequest(METHOD, ROUTE, STATUS_CLASS);
  }

  @Benchmark
  @Threads(2)
  public void recordRestRequestStatusCode2Threads() {
    registry.recordRestRequest(METHOD, ROUTE, 200);
  }

  @Benchmark
  @Threads(2)
  public void recordRestRequestUnmatched2Threads() {
    registry.recordRestRequest(METHOD, "not-a-template", "4xx");
  }

  @Benchmark
  @Threads(2)
  public void recordError2Threads() {
    registry.recordError(ErrorCategory.UPSTREAM_CONNECT_TIMEOUT);
  }

  @Benchmark
  @Threads(2)
  public void recordDoctorRun2Threads() {
    registry.recordDoctorRun(DOCTOR_RUN);
  }

  @Benchmark
  @Threads(2)
  public void recordAnonymityViolation2Threads() {
    registry.recordAnonymityViolation();
  }

  // Reading: about 60 keys, as a heartbeat would carry.

  @Benchmark
  public RegistrySnapshot snapshot() {
    return registry.snapshot();
  }
}
