package app.mcpproxy.telemetry.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.util.Map;

/** What each end-to-end client does, and the counts that follow for two clients. */
final class ClientScript {
  /** Calls of the tool mapped to {@code retrieve_tools}, per client. */
  static final int SEARCHES = 2;

  /** Calls of the upstream tool that succeeds, per client. */
  static final int READS = 3;

  /** Calls of the upstream tool that fails, per client. */
  static final int DEPLOYS = 1;

  /** Requests each client makes: initialize, tools/list, and the calls. */
  static final int REQUESTS = 2 + SEARCHES + READS + DEPLOYS;

  private ClientScript() {}

  /** Initializes, lists the tools and calls each tool; the failing one fails. */
  static void run(McpSyncClient client) {
    client.initialize();
    assertThat(client.listTools().tools())
        .extracting(Tool::name)
        .containsExactlyInAnyOrder(DemoTools.SEARCH, DemoTools.READ, DemoTools.DEPLOY);
    for (int i = 0; i < SEARCHES; i++) {
      assertThat(call(client, DemoTools.SEARCH).isError()).isNotEqualTo(Boolean.TRUE);
    }
    for (int i = 0; i < READS; i++) {
      assertThat(call(client, DemoTools.READ).isError()).isNotEqualTo(Boolean.TRUE);
    }
    for (int i = 0; i < DEPLOYS; i++) {
      // The SDK reports a throwing tool as an error result or as an error answer.
      CallToolResult result = null;
      try {
        result = call(client, DemoTools.DEPLOY);
      } catch (RuntimeException errorAnswer) {
        assertThat(errorAnswer).isNotNull();
      }
      if (result != null) {
        assertThat(result.isError()).isTrue();
      }
    }
  }

  private static CallToolResult call(McpSyncClient client, String tool) {
    return client.callTool(
        CallToolRequest.builder(tool).arguments(Map.of("path", DemoTools.SECRET_ARGUMENT)).build());
  }
}
