package app.mcpproxy.telemetry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import app.mcpproxy.telemetry.collector.CollectorMain;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

class TelemetryCliTest {
  @TempDir Path home;

  private CliResult run(String... args) {
    return new InProcessCli(home).run(args);
  }

  @Test
  void versionPrintsTheToolVersion() {
    CliResult result = run("--version");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).startsWith("mcpproxy-telemetry " + CliVersion.current());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "status",
        "enable",
        "disable",
        "show-payload",
        "heartbeat",
        "feedback",
        "log",
        "forget",
        "collector",
        "demo"
      })
  void everyCommandHasHelpThatChangesNothing(String command) {
    CliResult result = run(command, "--help");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out()).contains("Usage: mcpproxy-telemetry " + command);
    assertThat(result.out()).contains("--config=FILE").contains("--data-dir=DIR");
    assertThat(home).isEmptyDirectory();
  }

  @Test
  void theCollectorCommandTakesEveryFlagOfTheStandaloneCollector() {
    List<String> standalone =
        new CommandLine(new CollectorMain())
            .getCommandSpec().options().stream()
                .map(OptionSpec::longestName)
                .filter(name -> !name.equals("--help") && !name.equals("--version"))
                .toList();

    CliResult result = run("collector", "--help");

    assertThat(standalone)
        .contains("--listen", "--db", "--data-dir", "--admin-token-file", "--rate-limit")
        .contains("--query-timeout", "--keep-raw-days");
    assertThat(result.out()).contains(standalone);
  }

  @Test
  void theCollectorCommandRefusesABadFlagValueAsBadUsage() {
    CliResult result = run("collector", "--keep-raw-days", "0");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--keep-raw-days").contains("1 or more");
    assertThat(home).isEmptyDirectory();
  }

  @Test
  void helpListsEveryCommandAndTheExitCodes() {
    CliResult result = run("--help");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .contains("status", "enable", "disable", "show-payload", "heartbeat", "feedback", "log")
        .contains("forget", "collector", "demo")
        .contains("status        Show whether telemetry is on, and why.")
        .contains("demo          Run a collector and a client end to end on this machine.")
        .contains("2   bad usage or invalid input");
  }

  @Test
  void noCommandIsBadUsage() {
    CliResult result = run();

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("Missing command").contains("--help");
  }

  @Test
  void anUnknownCommandIsBadUsageWithASuggestion() {
    CliResult result = run("stauts");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("stauts").contains("status");
  }

  @Test
  void anUnknownOptionIsBadUsage() {
    CliResult result = run("status", "--jsno");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--jsno").contains("mcpproxy-telemetry status --help");
  }

  @ParameterizedTest
  @CsvSource(
      nullValues = "none",
      value = {
        "status, status",
        "--config a.json show-payload --json, show-payload",
        "--data-dir d log -n 3, log",
        "--config=a.json heartbeat, heartbeat",
        "--help status, none",
        "-V, none",
        "'', none"
      })
  void requestedCommandSkipsGlobalOptionsAndTheirValues(String line, String expected) {
    String[] args = line.isEmpty() ? new String[0] : line.split(" ");

    assertThat(TelemetryCli.requestedCommand(args)).isEqualTo(expected);
  }

  @Test
  void aCommandAfterGlobalOptionsRunsWithThoseOptions() {
    CliResult result = run("--config", home.resolve("c.json").toString(), "disable");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(home.resolve("c.json")).exists();
  }
}
