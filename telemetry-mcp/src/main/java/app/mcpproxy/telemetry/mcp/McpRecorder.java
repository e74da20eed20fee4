package app.mcpproxy.telemetry.mcp;

import app.mcpproxy.telemetry.counters.CounterRegistry;
import app.mcpproxy.telemetry.model.BuiltinTool;
import app.mcpproxy.telemetry.model.Surface;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** What every instrumented part of one {@link McpTelemetry} records into. */
final class McpRecorder {
  private final CounterRegistry registry;
  private final ActivationEvents activation;
  private final ClientNamesSeen clients;
  private final ToolMapping tools;
  private final FailureMapping failures;

  McpRecorder(
      CounterRegistry registry,
      ActivationEvents activation,
      ToolMapping tools,
      FailureMapping failures) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.activation = Objects.requireNonNull(activation, "activation");
    this.clients = new ClientNamesSeen(activation);
    this.tools = Objects.requireNonNull(tools, "tools");
    this.failures = Objects.requireNonNull(failures, "failures");
  }

  CounterRegistry registry() {
    return registry;
  }

  ActivationEvents activation() {
    return activation;
  }

  ClientNamesSeen clients() {
    return clients;
  }

  FailureMapping failures() {
    return failures;
  }

  /** Counts one request on the MCP endpoint. */
  void request() {
    registry.recordSurface(Surface.MCP);
  }

  ToolCounter counterFor(String toolName) {
    return new ToolCounter(this, toolName, builtinToolFor(toolName));
  }

  private @Nullable BuiltinTool builtinToolFor(String toolName) {
    try {
      return tools.builtinToolFor(toolName);
    } catch (RuntimeException e) {
      // A mapping that fails counts the tool as upstream rather than failing the host's start-up.
      return null;
    }
  }
}
