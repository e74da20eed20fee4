package app.mcpproxy.telemetry.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import app.mcpproxy.telemetry.config.ConfigException;
import app.mcpproxy.telemetry.env.ProcessEnvironment;
import app.mcpproxy.telemetry.model.Surface;
import app.mcpproxy.telemetry.store.StorageStatus;
import app.mcpproxy.telemetry.store.TelemetryDatabase;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TelemetryServiceStatusTest {
  @TempDir Path dir;

  private Path config() {
    return dir.resolve("mcp_config.json");
  }

  private Path dataDir() {
    return dir.resolve("data");
  }

  private TelemetryService service() throws ConfigException {
    return TelemetryService.builder()
        .config(config())
        .version("v1.0.0")
        .dataDir(dataDir())
        .processEnvironment(ProcessEnvironment.builder().homeDirectory(dir.resolve("home")).build())
        .build();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"http://127.0.0.1:8787/v1", "https://telemetry.example.org/v1", " HTTP://h/ "})
  void parseEndpointAcceptsAbsoluteHttpUrls(String value) {
    assertThat(TelemetryService.parseEndpoint(value)).isEqualTo(URI.create(value.trim()));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1:8787",
        "ftp://h/v1",
        "/v1",
        "http://",
        "http://a b/",
        "https://telemetry.example/v1?x=1",
        "https://telemetry.example/v1#top"
      })
  void parseEndpointRejectsAnythingElseNamingTheValue(String value) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> TelemetryService.parseEndpoint(value))
        .withMessageContaining(value);
  }

  @Test
  void aConfigEndpointWithAQueryIsRefusedByTheServiceNamingItAndTheFile() throws Exception {
    Files.writeString(
        config(), "{\"telemetry\": {\"endpoint\": \"https://telemetry.example/v1?x=1\"}}");

    assertThatIllegalArgumentException()
        .isThrownBy(this::service)
        .withMessageContaining("https://telemetry.example/v1?x=1")
        .withMessageContaining("mcp_config.json");
  }

  @Test
  void statusOfAFreshInstallIsOnWithTheConfigEndpointAndCreatesNothing() throws Exception {
    Files.writeString(config(), "{\"telemetry\": {\"endpoint\": \" http://127.0.0.1:9/v1 \"}}");

    try (TelemetryService service = service()) {
      TelemetryStatus status = service.status();

      assertThat(status.enabled()).isTrue();
      assertThat(status.optOut().decidedBy()).isEqualTo("default");
      assertThat(status.version()).contains("v1.0.0");
      assertThat(status.anonymousId()).isEmpty();
      assertThat(status.endpoint())
          .isEqualTo(URI.create("http://127.0.0.1:9/v1"))
          .isEqualTo(service.endpoint());
      assertThat(status.dataDir()).isEqualTo(dataDir());
      assertThat(status.storage().state()).isEqualTo(StorageStatus.State.NOT_CREATED);
      assertThat(status.activation()).isEmpty();
      assertThat(status.localCounts()).isEmpty();
    }
    assertThat(dataDir()).doesNotExist();
  }

  @Test
  void statusReadsTheActivationAndLocalCountsOfAnExistingDatabase() throws Exception {
    try (TelemetryDatabase db = TelemetryDatabase.open(dataDir(), Clock.systemUTC())) {
      db.activationStore().markFirstConnectedServer();
      db.localCounts().add(Map.of("undeclared_rest_route", 3L));
    }

    try (TelemetryService service = service()) {
      TelemetryStatus status = service.status();

      assertThat(status.storage().state()).isEqualTo(StorageStatus.State.DURABLE);
      assertThat(status.activation())
          .hasValueSatisfying(state -> assertThat(state.firstConnectedServerEver()).isTrue());
      assertThat(status.localCounts()).containsEntry("undeclared_rest_route", 3L);
      assertThat(status.localCounts()).isEqualTo(service.localCounts());
    }
  }

  @Test
  void statusReportsAnUnusableDatabaseAndLeavesItWhereItIs() throws Exception {
    Files.createDirectories(dataDir());
    Path db = dataDir().resolve(TelemetryDatabase.FILE_NAME);
    byte[] garbage = "not a database at all, only bytes".repeat(50).getBytes();
    Files.write(db, garbage);

    try (TelemetryService service = service()) {
      TelemetryStatus status = service.status();

      assertThat(status.storage().state()).isEqualTo(StorageStatus.State.MEMORY_ONLY);
      assertThat(status.storage().problem()).isNotEmpty();
      assertThat(status.activation()).isEmpty();
    }
    assertThat(Files.readAllBytes(db)).isEqualTo(garbage);
    try (var files = Files.list(dataDir())) {
      assertThat(files).containsExactly(db);
    }
  }

  @Test
  void theDryRunCarriesTheBytesOfTheNextHeartbeatAndPassesTheScan() throws Exception {
    try (TelemetryService service = service()) {
      service.registry().recordSurface(Surface.CLI);

      DryRun dryRun = service.dryRun();

      assertThat(dryRun.passes()).isTrue();
      assertThat(dryRun.refusal()).isEmpty();
      assertThat(dryRun.json()).isEqualTo(service.renderPayload());
      assertThat(dryRun.prettyJson()).contains("\"schema_version\"").contains("\n");
      assertThat(dataDir()).doesNotExist();
    }
  }

  @Test
  void theDryRunReportsTheScannersRefusalOfABlockedValue() throws Exception {
    ProcessEnvironment process =
        ProcessEnvironment.builder()
            .homeDirectory(dir.resolve("home"))
            .hostname("refusal-host-7731")
            .build();
    try (TelemetryService service =
        TelemetryService.builder()
            .config(config())
            .version("v1.0.0")
            .dataDir(dataDir())
            .processEnvironment(process)
            .mcpClients("refusal-host-7731")
            .build()) {
      service.activationStore().recordMcpClient("refusal-host-7731");

      DryRun dryRun = service.dryRun();

      assertThat(dryRun.passes()).isFalse();
      assertThat(dryRun.refusal())
          .hasValueSatisfying(r -> assertThat(r).startsWith("blocked_value"));
    }
  }
}
