package app.mcpproxy.telemetry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShowPayloadCommandTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path home;

  private Path writeConfig(String json) throws IOException {
    Path config = home.resolve(".mcpproxy").resolve("mcp_config.json");
    Files.createDirectories(config.getParent());
    Files.writeString(config, json);
    return config;
  }

  private List<String> tree() throws IOException {
    try (Stream<Path> paths = Files.walk(home)) {
      return paths.map(path -> home.relativize(path).toString()).sorted().toList();
    }
  }

  @Test
  void printsThePrettyPayloadWithHostFiguresFromTheConfig() throws IOException {
    writeConfig(
        """
        {"routing_mode": "code_execution",
         "mcpServers": [{"name": "a", "url": "https://x.example/mcp", "protocol": "http"},
                        {"name": "b", "command": "uvx", "protocol": "stdio"}]}
        """);

    CliResult result = new InProcessCli(home).run("show-payload");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out()).contains("\n  \"schema_version\" : 3");
    JsonNode payload = MAPPER.readTree(result.out());
    assertThat(payload.get("server_count").asInt()).isEqualTo(2);
    assertThat(payload.get("routing_mode").asText()).isEqualTo("code_execution");
    assertThat(payload.at("/server_protocol_counts/http").asInt()).isEqualTo(1);
    assertThat(payload.at("/server_protocol_counts/stdio").asInt()).isEqualTo(1);
    assertThat(payload.get("os").asText()).isEqualTo("linux");
    assertThat(payload.get("go_version").asText()).startsWith("java");
  }

  @Test
  void defaultsToRetrieveToolsWithoutAConfig() throws IOException {
    CliResult result = new InProcessCli(home).run("show-payload");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    JsonNode payload = MAPPER.readTree(result.out());
    assertThat(payload.get("routing_mode").asText()).isEqualTo("retrieve_tools");
    assertThat(payload.get("server_count").asInt()).isZero();
  }

  @Test
  void changesNothingOnDiskEvenWithAnInstallerLaunch() throws IOException {
    writeConfig("{\"mcpServers\": []}");
    List<String> before = tree();
    String config = Files.readString(home.resolve(".mcpproxy/mcp_config.json"));

    CliResult first =
        new InProcessCli(home).env("MCPPROXY_LAUNCHED_BY", "installer").run("show-payload");
    CliResult second =
        new InProcessCli(home).env("MCPPROXY_LAUNCHED_BY", "installer").run("show-payload");

    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(tree()).isEqualTo(before);
    assertThat(Files.readString(home.resolve(".mcpproxy/mcp_config.json"))).isEqualTo(config);
    assertThat(MAPPER.readTree(second.out()).get("launch_source").asText()).isEqualTo("installer");
  }

  @Test
  void worksWhenTelemetryIsDisabled() throws IOException {
    CliResult result = new InProcessCli(home).env("DO_NOT_TRACK", "1").run("show-payload");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(MAPPER.readTree(result.out()).get("schema_version").asInt()).isEqualTo(3);
  }
}
