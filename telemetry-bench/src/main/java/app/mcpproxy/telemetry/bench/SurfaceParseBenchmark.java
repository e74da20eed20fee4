package app.mcpproxy.telemetry.bench;

import app.mcpproxy.telemetry.model.Surface;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** Parsing the client header, against returning a constant. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SurfaceParseBenchmark {
  String header = "WebUI/1.4.2";

  @Benchmark
  public Surface baselineConstant() {
    return Surface.WEBUI;
  }

  @Benchmark
  public Surface parseClientHeader() {
    return Surface.parseClientHeader(header);
  }
}
