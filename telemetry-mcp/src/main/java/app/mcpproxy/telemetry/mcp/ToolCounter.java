package app.mcpproxy.telemetry.mcp;

import app.mcpproxy.telemetry.counters.CounterRegistry;
import app.mcpproxy.telemetry.model.BuiltinTool;
import app.mcpproxy.telemetry.model.ErrorCategory;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Implementation;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Counts the calls of one tool: as its built-in tool, else as an upstream tool call, and its
 * failures by the category the host maps them to.
 *
 * <p>The tool's name is kept only to ask the host's failure mapping; it is never recorded. No
 * method throws.
 */
final class ToolCounter {
  private final McpRecorder recorder;
  private final String toolName;
  private final @Nullable BuiltinTool builtin;
  final Consumer<CallToolResult> onResult = this::result;
  final Consumer<Throwable> onFailure = this::failed;

  ToolCounter(McpRecorder recorder, String toolName, @Nullable BuiltinTool builtin) {
    this.recorder = recorder;
    this.toolName = toolName;
    this.builtin = builtin;
  }

  void called(@Nullable Implementation clientInfo) {
    try {
      if (clientInfo != null) {
        recorder.clients().seen(clientInfo, clientInfo.name());
      }
      CounterRegistry registry = recorder.registry();
      if (builtin == null) {
        registry.recordUpstreamTool();
      } else {
        registry.recordBuiltinTool(builtin);
        if (builtin == BuiltinTool.RETRIEVE_TOOLS) {
          recorder.activation().retrieveToolsCalled();
        }
      }
    } catch (RuntimeException e) {
      // Telemetry never fails the host's tool call.
    }
  }

  void result(CallToolResult result) {
    if (result == null || !Boolean.TRUE.equals(result.isError())) {
      return;
    }
    try {
      count(recorder.failures().ofErrorResult(toolName));
    } catch (RuntimeException e) {
      // The host's mapping failed; count nothing.
    }
  }

  void failed(Throwable failure) {
    try {
      count(recorder.failures().ofException(toolName, failure));
    } catch (RuntimeException e) {
      // The host's mapping failed; count nothing.
    }
  }

  private void count(@Nullable ErrorCategory category) {
    if (category != null) {
      recorder.registry().recordError(category);
    }
  }
}
