package app.mcpproxy.telemetry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
  @TempDir Path home;

  private static List<Path> demoDirectories() throws IOException {
    List<Path> found = new ArrayList<>();
    for (Path parent :
        List.of(Path.of(System.getProperty("java.io.tmpdir")), Path.of("/dev/shm"))) {
      if (!Files.isDirectory(parent)) {
        continue;
      }
      try (Stream<Path> entries = Files.list(parent)) {
        entries
            .filter(p -> p.getFileName().toString().startsWith("mcpproxy-telemetry-demo"))
            .forEach(found::add);
      }
    }
    return found;
  }

  @Test
  void runsTheWholeSystemOnThisMachineAndCleansUp() throws IOException {
    List<Path> before = demoDirectories();

    CliResult result =
        new InProcessCli(home)
            .env("DO_NOT_TRACK", "1")
            .run("demo", "--exit", "--fleet-installs", "60", "--fleet-days", "12");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out())
        .contains("1. Collector started on embedded SQLite")
        .containsPattern("2\\. SIMULATED fleet: [0-9]+ installs over 12 days")
        .contains("11 past days closed into rollups")
        .contains("3. LIVE heartbeat from this machine, sent from the client library over HTTP")
        .contains("HTTP 20")
        .contains("4. LIVE feedback from this machine sent: accepted")
        .contains("5. What the collector stored")
        .containsPattern("by os: .*linux=[0-9]+")
        .contains("Hello from the mcpproxy-telemetry demo.")
        .contains("Dashboard: http://127.0.0.1:");
    assertThat(demoDirectories()).isEqualTo(before);
    assertThat(home).isEmptyDirectory();
  }

  @Test
  void aFleetOfNoInstallsIsBadUsage() {
    CliResult result = new InProcessCli(home).run("demo", "--exit", "--fleet-installs", "0");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--fleet-installs");
  }

  @Test
  void aMalformedListenAddressIsBadUsage() {
    CliResult result = new InProcessCli(home).run("demo", "--exit", "--listen", "nowhere");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("nowhere");
  }
}
