package app.mcpproxy.telemetry.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class McpServerExampleTest {
  @TempDir Path home;

  @Test
  @Timeout(60)
  void theDemoPrintsAHeartbeatWithTheCountsAndNoToolName() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();

    McpServerExample.run(true, 0, home, new PrintStream(printed, true, StandardCharsets.UTF_8));

    String output = printed.toString(StandardCharsets.UTF_8);
    String heartbeat = output.substring(output.indexOf("nothing was sent):"));
    assertThat(output).contains("Client claude-code: listed 3 tools, called each once");
    assertThat(heartbeat)
        .contains("\"retrieve_tools\" : 2")
        .contains("\"tool_quarantine_blocked\" : 2")
        .contains("\"upstream_tool_call_count_bucket\" : \"1-10\"")
        .doesNotContain(ExampleTools.WEATHER)
        .doesNotContain(ExampleTools.DEPLOY)
        .doesNotContain(ExampleTools.SEARCH)
        .doesNotContain("Lyon")
        .doesNotContain("example-mcp-server");
  }
}
