package app.mcpproxy.telemetry.bench;

import app.mcpproxy.telemetry.activation.ActivationStore;
import app.mcpproxy.telemetry.store.TelemetryDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The per-request calls of the activation store backed by a real {@code telemetry.db}, as the
 * caller's thread sees them (the flush to disk happens on the store's own thread), against a bare
 * {@link LongAdder}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ActivationStoreBenchmark {
  Path dataDir;
  TelemetryDatabase database;
  ActivationStore store;
  LongAdder adder;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dataDir = Files.createTempDirectory("activation-bench");
    database = TelemetryDatabase.open(dataDir, Clock.systemUTC());
    store = database.activationStore();
    store.recordMcpClient("claude-code");
    store.markFirstRetrieveToolsCall();
    adder = new LongAdder();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    database.close();
    try (Stream<Path> files = Files.walk(dataDir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }

  @Benchmark
  public void baselineLongAdderIncrement() {
    adder.increment();
  }

  @Benchmark
  public void incrementRetrieveToolsCall() {
    store.incrementRetrieveToolsCall();
  }

  @Benchmark
  public void addTokensSaved() {
    store.addTokensSaved(1_200);
  }

  @Benchmark
  public void recordKnownMcpClient() {
    store.recordMcpClient("claude-code");
  }

  @Benchmark
  public void markFlagAlreadySet() {
    store.markFirstRetrieveToolsCall();
  }
}
