package app.mcpproxy.telemetry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import app.mcpproxy.telemetry.store.TelemetryDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatusCommandTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path home;

  private InProcessCli cli() {
    return new InProcessCli(home);
  }

  private Path writeConfig(String json) throws IOException {
    Path config = home.resolve(".mcpproxy").resolve("mcp_config.json");
    Files.createDirectories(config.getParent());
    Files.writeString(config, json);
    return config;
  }

  private static JsonNode json(CliResult result) throws IOException {
    return MAPPER.readTree(result.out());
  }

  private static List<String> keys(JsonNode node) {
    List<String> keys = new ArrayList<>();
    node.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  @Test
  void freshInstallIsEnabledByTheDefaultAndListsEverySourceInOrder() {
    CliResult result = cli().run("status");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out()).contains("Telemetry is ENABLED.").contains("decided by: default");
    List<String> lines = result.out().lines().toList();
    int dnt = indexOfLineStartingWith(lines, "  DO_NOT_TRACK");
    int ci = indexOfLineStartingWith(lines, "  CI ");
    int mcp = indexOfLineStartingWith(lines, "  MCPPROXY_TELEMETRY");
    int config = indexOfLineStartingWith(lines, "  config");
    int fallback = indexOfLineStartingWith(lines, "  default");
    assertThat(List.of(dnt, ci, mcp, config, fallback)).isSorted().doesNotContain(-1);
    assertThat(lines.get(fallback)).contains("true").contains("<- decides");
    assertThat(lines.get(dnt)).contains("(unset)").doesNotContain("decides");
    assertThat(result.out()).contains("Endpoint:      https://telemetry.mcpproxy.app/v1");
    assertThat(result.out()).contains("no telemetry.db yet");
    assertThat(home).isEmptyDirectory();
  }

  @Test
  void anUnusableDatabaseIsReportedWithWhatItCostsAndLeftAsItIs() throws IOException {
    Path db = home.resolve(".mcpproxy").resolve(TelemetryDatabase.FILE_NAME);
    Files.createDirectories(db.getParent());
    byte[] garbage = "this is not a SQLite database, just some bytes".repeat(40).getBytes();
    Files.write(db, garbage);

    CliResult text = cli().run("status");
    CliResult json = cli().run("status", "--json");

    assertThat(text.exitCode()).as(text.toString()).isZero();
    assertThat(text.out())
        .contains("Storage:       memory only")
        .contains("not a SQLite database")
        .contains("lost");
    JsonNode storage = json(json).get("storage");
    assertThat(storage.get("state").asText()).isEqualTo("memory_only");
    assertThat(storage.get("consequence").asText()).contains("memory");
    assertThat(Files.readAllBytes(db)).isEqualTo(garbage);
  }

  private static int indexOfLineStartingWith(List<String> lines, String prefix) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(prefix)) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void jsonOfAFreshInstallHasExactlyTheDocumentedKeys() throws IOException {
    JsonNode status = json(cli().run("status", "--json"));

    assertThat(keys(status))
        .containsExactly("enabled", "endpoint", "env_override", "decided_by", "storage");
    assertThat(status.get("enabled").asBoolean()).isTrue();
    assertThat(status.get("env_override").asBoolean()).isFalse();
    assertThat(status.get("decided_by").asText()).isEqualTo("default");
  }

  @ParameterizedTest
  @CsvSource({
    "DO_NOT_TRACK, 1, DO_NOT_TRACK",
    "CI, true, CI",
    "MCPPROXY_TELEMETRY, false, MCPPROXY_TELEMETRY=false",
    "MCPPROXY_TELEMETRY, off, MCPPROXY_TELEMETRY=false"
  })
  void anEnvironmentVariableDecidesAndIsNamed(String variable, String value, String name)
      throws IOException {
    JsonNode status = json(cli().env(variable, value).run("status", "--json"));

    assertThat(status.get("enabled").asBoolean()).isFalse();
    assertThat(status.get("env_override").asBoolean()).isTrue();
    assertThat(status.get("env_override_name").asText()).isEqualTo(name);
    assertThat(status.get("decided_by").asText()).isEqualTo(name);
  }

  @Test
  void textMarksTheVariableThatDecidedWithItsValue() {
    CliResult result = cli().env("CI", "true").run("status");

    assertThat(result.out()).contains("Telemetry is DISABLED.").contains("decided by: CI");
    assertThat(result.out().lines().filter(line -> line.startsWith("  CI ")).findFirst())
        .hasValueSatisfying(line -> assertThat(line).contains("true").contains("<- decides"));
  }

  @Test
  void theConfigDecidesWhenNoVariableIsSetAndItsIdAndEndpointAreShown() throws IOException {
    writeConfig(
        """
        {"telemetry": {"enabled": false,
                       "anonymous_id": "6f1c1bde-5b8e-4c47-9d8e-3f6f3f1f2a11",
                       "endpoint": "http://127.0.0.1:8787/v1"}}
        """);

    JsonNode status = json(cli().run("status", "--json"));

    assertThat(status.get("enabled").asBoolean()).isFalse();
    assertThat(status.get("decided_by").asText()).isEqualTo("config");
    assertThat(status.get("anonymous_id").asText())
        .isEqualTo("6f1c1bde-5b8e-4c47-9d8e-3f6f3f1f2a11");
    assertThat(status.get("endpoint").asText()).isEqualTo("http://127.0.0.1:8787/v1");
    assertThat(status.has("env_override_name")).isFalse();
  }

  @Test
  void theActivationFunnelIsShownWhenTheDatabaseExists() throws IOException {
    Path dataDir = home.resolve(".mcpproxy");
    Files.createDirectories(dataDir);
    try (TelemetryDatabase database = TelemetryDatabase.open(dataDir, Clock.systemUTC())) {
      database.activationStore().markFirstConnectedServer();
      database.activationStore().recordMcpClient("Claude-Desktop");
    }

    CliResult text = cli().run("status");
    JsonNode status = json(cli().run("status", "--json"));

    assertThat(text.out()).contains("Activation funnel").contains("claude-desktop");
    JsonNode activation = status.get("activation");
    assertThat(activation.get("first_connected_server_ever").asBoolean()).isTrue();
    assertThat(activation.get("first_mcp_client_ever").asBoolean()).isFalse();
    assertThat(activation.get("mcp_clients_seen_ever").get(0).asText()).isEqualTo("claude-desktop");
  }

  @Test
  void dataDirOptionPointsAtAnotherDatabase() throws IOException {
    Path elsewhere = home.resolve("elsewhere");
    Files.createDirectories(elsewhere);
    try (TelemetryDatabase database = TelemetryDatabase.open(elsewhere, Clock.systemUTC())) {
      database.activationStore().markFirstMcpClient();
    }

    JsonNode status = json(cli().run("status", "--json", "--data-dir", elsewhere.toString()));

    assertThat(status.at("/activation/first_mcp_client_ever").asBoolean()).isTrue();
  }

  @Test
  void aCorruptConfigFailsWithOneLineNamingFileAndPositionAndIsLeftAlone() throws IOException {
    String corrupt = "{\n  \"telemetry\": {\"enabled\": tru}\n}\n";
    Path config = writeConfig(corrupt);

    CliResult result = cli().run("status");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out()).isEmpty();
    assertThat(result.err().lines()).hasSize(1);
    assertThat(result.err()).contains(config.toString()).contains("line 2");
    assertThat(Files.readString(config)).isEqualTo(corrupt);
  }

  @Test
  void showsHowOftenSomethingWasKeptBackButNeverAValue() throws IOException {
    try (TelemetryDatabase db =
        TelemetryDatabase.open(home.resolve(".mcpproxy"), Clock.systemUTC())) {
      db.localCounts()
          .add(Map.of("undeclared_rest_route", 3L, "scanner_removed.blocked_value", 1L));
    }

    CliResult text = cli().run("status");
    JsonNode status = json(cli().run("status", "--json"));

    assertThat(text.out())
        .contains("Kept back locally (never sent)")
        .containsPattern("undeclared_rest_route +3")
        .containsPattern("scanner_removed.blocked_value +1");
    assertThat(status.get("kept_back_locally").get("undeclared_rest_route").asLong()).isEqualTo(3);
    assertThat(status.get("kept_back_locally").get("scanner_removed.blocked_value").asLong())
        .isEqualTo(1);
  }

  @Test
  void configOptionPointsAtAnotherFile() throws IOException {
    Path other = home.resolve("other.json");
    Files.writeString(other, "{\"telemetry\": {\"enabled\": false}}");

    JsonNode status = json(cli().run("status", "--json", "--config", other.toString()));

    assertThat(status.get("decided_by").asText()).isEqualTo("config");
  }
}
