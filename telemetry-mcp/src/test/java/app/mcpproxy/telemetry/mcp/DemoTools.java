package app.mcpproxy.telemetry.mcp;

import app.mcpproxy.telemetry.model.BuiltinTool;
import app.mcpproxy.telemetry.model.ErrorCategory;
import io.modelcontextprotocol.server.McpServerFeatures.AsyncToolSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * The tools of the end-to-end servers: one the host maps to {@code retrieve_tools}, one upstream
 * tool, and one upstream tool that always fails with an exception the host maps to {@code
 * tool_quarantine_blocked}. Their names, arguments, messages and results are the secrets a
 * heartbeat must never hold.
 */
final class DemoTools {
  static final String SEARCH = "search_catalog_7f3a";
  static final String READ = "read_private_file_9c1e";
  static final String DEPLOY = "deploy_cluster_4b2d";
  static final String SERVER_NAME = "acme-internal-gateway-5e8f";
  static final String SECRET_ARGUMENT = "/home/alice/projects/secret-plan.txt";
  static final String SECRET_RESULT = "contents-of-the-plan-1d6b";
  static final String SECRET_MESSAGE = "blocked-by-quarantine-2a7c";

  static final Map<String, BuiltinTool> BUILTIN = Map.of(SEARCH, BuiltinTool.RETRIEVE_TOOLS);

  /** Thrown by the failing tool; the host maps it to a category. */
  static final class QuarantinedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    QuarantinedException() {
      super(SECRET_MESSAGE);
    }
  }

  static final FailureMapping FAILURES =
      (toolName, failure) ->
          failure instanceof QuarantinedException ? ErrorCategory.TOOL_QUARANTINE_BLOCKED : null;

  private DemoTools() {}

  static McpTelemetry telemetry(McpTelemetry.Builder builder) {
    return builder.builtinTools(BUILTIN).failureMapping(FAILURES).build();
  }

  static List<SyncToolSpecification> sync() {
    return List.of(
        new SyncToolSpecification(tool(SEARCH), (exchange, request) -> text("3 tools match")),
        new SyncToolSpecification(tool(READ), (exchange, request) -> text(SECRET_RESULT)),
        new SyncToolSpecification(
            tool(DEPLOY),
            (exchange, request) -> {
              throw new QuarantinedException();
            }));
  }

  static List<AsyncToolSpecification> async() {
    return List.of(
        new AsyncToolSpecification(
            tool(SEARCH), (exchange, request) -> Mono.just(text("3 tools match"))),
        new AsyncToolSpecification(
            tool(READ), (exchange, request) -> Mono.fromSupplier(() -> text(SECRET_RESULT))),
        new AsyncToolSpecification(
            tool(DEPLOY), (exchange, request) -> Mono.error(new QuarantinedException())));
  }

  private static Tool tool(String name) {
    return Tool.builder(
            name, Map.of("type", "object", "properties", Map.of("path", Map.of("type", "string"))))
        .description("A tool of the end-to-end tests")
        .build();
  }

  private static CallToolResult text(String text) {
    return CallToolResult.builder().addTextContent(text).build();
  }
}
