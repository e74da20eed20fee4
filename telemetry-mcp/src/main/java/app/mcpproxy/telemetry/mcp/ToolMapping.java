package app.mcpproxy.telemetry.mcp;

import app.mcpproxy.telemetry.model.BuiltinTool;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Tells which of the host's tools are built-in tools of the telemetry vocabulary. Every other tool
 * is counted as an upstream tool call, in total and never by name.
 *
 * <p>It is asked once per tool, when the tool is instrumented, never per call.
 */
@FunctionalInterface
public interface ToolMapping {

  /**
   * Returns the built-in tool a tool of the host counts as.
   *
   * @param toolName the tool's name as the host registered it; stays in the process
   * @return the built-in tool, or {@code null} to count the tool as an upstream tool call
   */
  @Nullable BuiltinTool builtinToolFor(String toolName);

  /**
   * A mapping in which every tool is an upstream tool.
   *
   * @return the mapping
   */
  static ToolMapping allUpstream() {
    return toolName -> null;
  }

  /**
   * A mapping from tool names to built-in tools; names not in the map are upstream tools.
   *
   * @param builtinTools the host's tool names and the built-in tools they count as
   * @return the mapping
   */
  static ToolMapping of(Map<String, BuiltinTool> builtinTools) {
    Map<String, BuiltinTool> copy =
        Map.copyOf(Objects.requireNonNull(builtinTools, "builtinTools"));
    return copy::get;
  }
}
