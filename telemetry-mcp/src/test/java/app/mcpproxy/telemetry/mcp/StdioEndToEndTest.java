package app.mcpproxy.telemetry.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import app.mcpproxy.telemetry.testing.RecordingServer;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema.Implementation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real asynchronous SDK server over stdio in a child JVM, instrumented, driven by the SDK's real
 * stdio client: one child per client, sharing one telemetry directory; the first keeps its counts
 * for the second, which sends one heartbeat when the client ends it.
 */
@Timeout(120)
class StdioEndToEndTest {
  /** A client name outside the vocabulary: it must arrive as {@code other}. */
  private static final String PRIVATE_CLIENT = "acme-private-agent-3f9";

  @TempDir Path dir;

  @Test
  void twoClientsOverStdioGiveOneHeartbeatAndNothingButProtocolOnStdout() throws Exception {
    try (RecordingServer collector = RecordingServer.start()) {
      Path firstReport = dir.resolve("first.report");
      Path secondReport = dir.resolve("second.report");

      runClient("Claude-Code", collector, firstReport, "keep");
      runClient(PRIVATE_CLIENT, collector, secondReport, "send");

      assertThat(Files.readString(firstReport)).isEqualTo("heartbeat=kept\nstray_stdout_bytes=0\n");
      assertThat(Files.readString(secondReport))
          .isEqualTo("heartbeat=accepted\nstray_stdout_bytes=0\n");
      String heartbeat = Heartbeats.onlyHeartbeat(collector);
      Heartbeats.assertHoldsScriptCounts(
          heartbeat, 2L * ClientScript.REQUESTS, "claude-code", "other");
      assertThat(heartbeat).doesNotContain("acme-private");
    }
  }

  private void runClient(String name, RecordingServer collector, Path report, String mode) {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ServerParameters child =
        ServerParameters.builder(java.toString())
            .args(
                "-Xshare:auto",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                StdioServerMain.class.getName(),
                dir.resolve("telemetry").toString(),
                collector.endpoint().toString(),
                report.toString(),
                mode)
            .build();
    McpSyncClient client =
        McpClient.sync(new StdioClientTransport(child, McpJsonDefaults.getMapper()))
            .clientInfo(Implementation.builder(name, "1.0.0").build())
            .requestTimeout(Duration.ofSeconds(30))
            .initializationTimeout(Duration.ofSeconds(30))
            .build();
    try {
      ClientScript.run(client);
    } finally {
      // Ends the child with SIGTERM and waits for it to exit, shutdown hook included.
      client.closeGracefully();
    }
  }
}
