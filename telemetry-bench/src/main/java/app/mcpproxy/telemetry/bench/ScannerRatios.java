package app.mcpproxy.telemetry.bench;

import app.mcpproxy.telemetry.privacy.AnonymityScanner;
import app.mcpproxy.telemetry.privacy.BlockedValues;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The scanner's cost as ratios to its two baselines, measured interleaved: each round times a batch
 * of scans, then a batch of byte sums, then a batch of Jackson {@code readTree} calls on the same
 * payload as {@link AnonymityScannerBenchmark}, in thread CPU time, and the median ratio over the
 * rounds is printed. On a shared machine, where JMH's one-benchmark-after-another runs see the load
 * change between benchmarks, these ratios hold steadier.
 *
 * <pre>{@code
 * java -cp telemetry-bench/target/benchmarks.jar app.mcpproxy.telemetry.bench.ScannerRatios
 * }</pre>
 */
public final class ScannerRatios {

  private static final int ROUNDS = 600;
  private static final int WARM_UP_ROUNDS = 100;
  private static final int SCANS_PER_ROUND = 500;

  private ScannerRatios() {}

  /**
   * Prints the median ratios of the scanner to the byte sum and to {@code readTree}.
   *
   * @param args ignored
   * @throws IOException never, the payload is built in memory
   */
  public static void main(String[] args) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    byte[] payload = AnonymityScannerBenchmark.fullHeartbeat();
    AnonymityScanner scanner =
        new AnonymityScanner(
            BlockedValues.fromProcess(
                Optional.of("alice-mbp"),
                Optional.of(Path.of("/Users/alice")),
                Map.of("GITHUB_TOKEN", "ghp_16C7e42F292c6912E7710c838347Ae178B4a")));
    if (scanner.scan(payload).isPresent()) {
      throw new IllegalStateException("the payload must be clean");
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    List<Double> toSum = new ArrayList<>();
    List<Double> toTree = new ArrayList<>();
    long sink = 0;
    for (int round = 0; round < ROUNDS; round++) {
      long t0 = threads.getCurrentThreadCpuTime();
      for (int i = 0; i < SCANS_PER_ROUND; i++) {
        sink += scanner.scan(payload).isPresent() ? 1 : 0;
      }
      long t1 = threads.getCurrentThreadCpuTime();
      for (int i = 0; i < SCANS_PER_ROUND; i++) {
        long sum = 0;
        for (byte b : payload) {
          sum += b;
        }
        sink += sum;
      }
      long t2 = threads.getCurrentThreadCpuTime();
      for (int i = 0; i < SCANS_PER_ROUND / 10; i++) {
        sink += mapper.readTree(payload).size();
      }
      long t3 = threads.getCurrentThreadCpuTime();
      if (round >= WARM_UP_ROUNDS) {
        toSum.add((t1 - t0) / (double) (t2 - t1));
        toTree.add((t1 - t0) / ((t3 - t2) * 10.0));
      }
    }
    Collections.sort(toSum);
    Collections.sort(toTree);
    System.out.printf(
        "payload %d bytes; scan / byte sum: median %.2f (quartiles %.2f-%.2f); scan / readTree:"
            + " median %.2f (quartiles %.2f-%.2f) [%d]%n",
        payload.length,
        toSum.get(toSum.size() / 2),
        toSum.get(toSum.size() / 4),
        toSum.get(toSum.size() * 3 / 4),
        toTree.get(toTree.size() / 2),
        toTree.get(toTree.size() / 4),
        toTree.get(toTree.size() * 3 / 4),
        sink & 1);
  }
}
