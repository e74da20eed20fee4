package app.mcpproxy.telemetry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code enable} and {@code disable}, which share {@link TelemetrySwitch}. */
class TelemetrySwitchTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path home;

  private Path config() {
    return home.resolve(".mcpproxy").resolve("mcp_config.json");
  }

  private JsonNode readConfig() throws IOException {
    return MAPPER.readTree(Files.readString(config()));
  }

  @Test
  void disableCreatesTheConfigPrivatelyWhenMissing() throws IOException {
    CliResult result = new InProcessCli(home).run("disable");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out()).contains("Telemetry disabled").contains(config().toString());
    assertThat(readConfig().at("/telemetry/enabled").asBoolean(true)).isFalse();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config())))
        .isEqualTo("rw-------");
  }

  @Test
  void enableAndDisableKeepEveryOtherKey() throws IOException {
    Files.createDirectories(config().getParent());
    String original =
        """
        {"mcpServers": [{"name": "x", "url": "https://x.example/mcp", "headers": {"A": "b"}}],
         "unknown_top": {"deep": [1, {"k": null}], "n": 1.25e3},
         "telemetry": {"anonymous_id": "6f1c1bde-5b8e-4c47-9d8e-3f6f3f1f2a11", "extra": "kept"}}
        """;
    Files.writeString(config(), original);

    new InProcessCli(home).run("disable");
    JsonNode disabled = readConfig();
    new InProcessCli(home).run("enable");
    JsonNode enabled = readConfig();

    ObjectNode expected = (ObjectNode) MAPPER.readTree(original);
    ((ObjectNode) expected.get("telemetry")).put("enabled", false);
    assertThat(disabled).isEqualTo(expected);
    ((ObjectNode) expected.get("telemetry")).put("enabled", true);
    assertThat(enabled).isEqualTo(expected);
  }

  @Test
  void enableWarnsWhenAnEnvironmentVariableKeepsTelemetryOff() {
    CliResult result = new InProcessCli(home).env("DO_NOT_TRACK", "1").run("enable");

    assertThat(result.exitCode()).isZero();
    assertThat(result.err()).startsWith("warning:").contains("DO_NOT_TRACK");
  }

  @Test
  void enableWithoutOverridesPrintsNoWarning() {
    CliResult result = new InProcessCli(home).run("enable");

    assertThat(result.exitCode()).isZero();
    assertThat(result.err()).isEmpty();
  }

  @Test
  void aCorruptConfigIsNeverOverwritten() throws IOException {
    Files.createDirectories(config().getParent());
    Files.writeString(config(), "{\"telemetry\": [");

    CliResult result = new InProcessCli(home).run("disable");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).contains(config().toString());
    assertThat(Files.readString(config())).isEqualTo("{\"telemetry\": [");
  }

  @Test
  void theConfigOptionChoosesTheFile() throws IOException {
    Path other = home.resolve("custom").resolve("config.json");

    CliResult result = new InProcessCli(home).run("disable", "--config", other.toString());

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(MAPPER.readTree(Files.readString(other)).at("/telemetry/enabled").asBoolean(true))
        .isFalse();
    assertThat(config()).doesNotExist();
  }
}
