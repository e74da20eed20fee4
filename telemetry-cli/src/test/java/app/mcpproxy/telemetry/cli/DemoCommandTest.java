package app.mcpproxy.telemetry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
  @TempDir Path home;

  private static List<Path> demoDirectories() throws IOException {
    try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return entries
          .filter(p -> p.getFileName().toString().startsWith("mcpproxy-telemetry-demo"))
          .toList();
    }
  }

  @Test
  void runsTheWholeSystemOnThisMachineAndCleansUp() throws IOException {
    List<Path> before = demoDirectories();

    CliResult result = new InProcessCli(home).env("DO_NOT_TRACK", "1").run("demo", "--exit");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out())
        .contains("1. Collector started on embedded SQLite")
        .contains("2. Heartbeat sent from the client library")
        .contains("HTTP 20")
        .contains("3. Feedback sent: accepted")
        .contains("4. What the collector stored")
        .contains("Hello from the mcpproxy-telemetry demo.")
        .contains("Dashboard: http://127.0.0.1:");
    assertThat(demoDirectories()).isEqualTo(before);
    assertThat(home).isEmptyDirectory();
  }

  @Test
  void aMalformedListenAddressIsBadUsage() {
    CliResult result = new InProcessCli(home).run("demo", "--exit", "--listen", "nowhere");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("nowhere");
  }
}
