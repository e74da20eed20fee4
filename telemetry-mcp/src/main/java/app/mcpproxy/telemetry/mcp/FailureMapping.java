package app.mcpproxy.telemetry.mcp;

import app.mcpproxy.telemetry.model.ErrorCategory;
import org.jspecify.annotations.Nullable;

/**
 * Tells which failed tool calls count as an error of a fixed category. A failure the host does not
 * map is not counted as an error; the tool call itself is counted either way.
 *
 * <p>Only the category leaves the process: never the tool's name, its arguments, the exception's
 * message or the result.
 */
public interface FailureMapping {

  /**
   * Returns the category of a tool call that threw.
   *
   * @param toolName the tool's name; stays in the process
   * @param failure what the tool threw, or what its asynchronous result failed with
   * @return the category, or {@code null} to count no error
   */
  @Nullable ErrorCategory ofException(String toolName, Throwable failure);

  /**
   * Returns the category of a tool call whose result is marked {@code isError}.
   *
   * @param toolName the tool's name; stays in the process
   * @return the category, or {@code null} (the default) to count no error
   */
  default @Nullable ErrorCategory ofErrorResult(String toolName) {
    return null;
  }

  /**
   * A mapping that counts no failure as an error.
   *
   * @return the mapping
   */
  static FailureMapping none() {
    return (toolName, failure) -> null;
  }
}
