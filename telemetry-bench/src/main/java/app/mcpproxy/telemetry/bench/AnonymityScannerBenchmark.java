package app.mcpproxy.telemetry.bench;

import app.mcpproxy.telemetry.privacy.AnonymityScanner;
import app.mcpproxy.telemetry.privacy.AnonymityViolation;
import app.mcpproxy.telemetry.privacy.BlockedValues;
import app.mcpproxy.telemetry.testing.HeartbeatFixture;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Scanning a fully populated heartbeat (about 3.5 KB: every field, 16 clients, 30 REST keys, every
 * error category, six doctor checks) with three blocked values, against two baselines on the same
 * bytes: Jackson building a tree, and a plain loop summing the bytes. Throughput in bytes per
 * second is the payload size divided by the time per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AnonymityScannerBenchmark {

  private final ObjectMapper mapper = new ObjectMapper();
  private AnonymityScanner scanner;
  private byte[] payload;

  @Setup
  public void setUp() throws IOException {
    payload = fullHeartbeat();
    scanner =
        new AnonymityScanner(
            BlockedValues.fromProcess(
                Optional.of("alice-mbp"),
                Optional.of(Path.of("/Users/alice")),
                Map.of("GITHUB_TOKEN", "ghp_16C7e42F292c6912E7710c838347Ae178B4a")));
    if (scanner.blockedValues().values().size() != 3) {
      throw new IllegalStateException("expected three blocked values");
    }
    // A violation would end the scan early and measure nothing useful.
    Optional<AnonymityViolation> violation = scanner.scan(payload);
    if (violation.isPresent()) {
      throw new IllegalStateException("payload must be clean: " + violation.get().message());
    }
    System.out.println("payload bytes: " + payload.length);
  }

  @Benchmark
  public Optional<AnonymityViolation> scan() {
    return scanner.scan(payload);
  }

  @Benchmark
  public JsonNode baselineJacksonReadTree() throws IOException {
    return mapper.readTree(payload);
  }

  @Benchmark
  public long baselineByteSum() {
    long sum = 0;
    for (byte b : payload) {
      sum += b;
    }
    return sum;
  }

  /** The largest heartbeat a real install sends, as the library writes it. */
  static byte[] fullHeartbeat() {
    return HeartbeatFixture.json(HeartbeatFixture.everyWireValue().build());
  }
}
