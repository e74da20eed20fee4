package app.mcpproxy.telemetry.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CollectorMainTest {
  private static final Path HOME_DATA = Path.of("/home/someone/.mcpproxy");

  @Test
  void defaultsToLoopbackPort8787AndSqliteInTheDataDirectory() {
    CollectorOptions options = CollectorMain.parse(List.of(), HOME_DATA);

    assertThat(options.listenHost()).isEqualTo("127.0.0.1");
    assertThat(options.listenPort()).isEqualTo(8787);
    assertThat(options.jdbcUrl()).isEqualTo("jdbc:sqlite:/home/someone/.mcpproxy/collector.db");
    assertThat(options.configuredAdminTokenFile()).isEmpty();
    assertThat(options.rateLimit()).isEqualTo(RateLimit.DEFAULT);
  }

  @Test
  void takesEveryOption() {
    CollectorOptions options =
        CollectorMain.parse(
            List.of(
                "--listen", "[::1]:9000",
                "--db", "jdbc:postgresql://127.0.0.1:5432/telemetry",
                "--data-dir", "/srv/collector",
                "--admin-token-file", "/etc/collector/token",
                "--rate-limit", "0"),
            HOME_DATA);

    assertThat(options.listenHost()).isEqualTo("::1");
    assertThat(options.listenPort()).isEqualTo(9000);
    assertThat(options.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/telemetry");
    assertThat(options.dataDir()).isEqualTo(Path.of("/srv/collector"));
    assertThat(options.configuredAdminTokenFile()).contains(Path.of("/etc/collector/token"));
    assertThat(options.rateLimit().isUnlimited()).isTrue();
  }

  @Test
  void takesAQueryTimeoutInSecondsAndRefusesZero() {
    assertThat(CollectorMain.parse(List.of(), HOME_DATA).queryTimeout())
        .isEqualTo(CollectorOptions.DEFAULT_QUERY_TIMEOUT);
    assertThat(CollectorMain.parse(List.of("--query-timeout", "2.5"), HOME_DATA).queryTimeout())
        .isEqualTo(java.time.Duration.ofMillis(2500));
    assertThatThrownBy(() -> CollectorMain.parse(List.of("--query-timeout", "0"), HOME_DATA))
        .hasMessageContaining("--query-timeout");
  }

  @Test
  void keepsRawJson30DaysUnlessToldOtherwise() {
    assertThat(CollectorMain.parse(List.of(), HOME_DATA).keepRawDays()).isEqualTo(30);
    assertThat(CollectorMain.parse(List.of("--keep-raw-days", "7"), HOME_DATA).keepRawDays())
        .isEqualTo(7);
    assertThatThrownBy(() -> CollectorMain.parse(List.of("--keep-raw-days", "0"), HOME_DATA))
        .hasMessageContaining("--keep-raw-days");
  }

  @Test
  void putsTheDefaultDatabaseInAnotherDataDirectory() {
    CollectorOptions options = CollectorMain.parse(List.of("--data-dir", "/srv/c"), HOME_DATA);

    assertThat(options.jdbcUrl()).isEqualTo("jdbc:sqlite:/srv/c/collector.db");
  }

  @Test
  void refusesUnknownOptionsAndMissingValues() {
    assertThatThrownBy(() -> CollectorMain.parse(List.of("--port", "1"), HOME_DATA))
        .hasMessageContaining("--port");
    assertThatThrownBy(() -> CollectorMain.parse(List.of("--listen"), HOME_DATA))
        .hasMessageContaining("--listen");
    assertThatThrownBy(() -> CollectorMain.parse(List.of("--rate-limit", "many"), HOME_DATA))
        .hasMessageContaining("many");
  }

  @Test
  void refusesADatabaseItDoesNotSupportWithoutEchoingCredentials() {
    assertThatThrownBy(
            () ->
                CollectorMain.parse(
                    List.of("--db", "jdbc:mysql://root:hunter2@db/telemetry"), HOME_DATA))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jdbc:mysql:")
        .hasMessageNotContaining("hunter2");
  }
}
