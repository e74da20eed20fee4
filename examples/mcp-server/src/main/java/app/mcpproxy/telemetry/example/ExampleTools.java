package app.mcpproxy.telemetry.example;

import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.util.List;
import java.util.Map;

/** The example's three tools: a tool search, a weather lookup, and a deploy that is refused. */
final class ExampleTools {
  static final String SEARCH = "search_tools";
  static final String WEATHER = "get_weather";
  static final String DEPLOY = "deploy";

  /** What the refused tool throws; the example maps it to an error category. */
  static final class QuarantinedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    QuarantinedException() {
      super("deploy is quarantined until an operator approves it");
    }
  }

  private ExampleTools() {}

  static List<SyncToolSpecification> all() {
    return List.of(
        new SyncToolSpecification(
            tool(SEARCH, "Finds tools by keyword", "query"),
            (exchange, request) ->
                text("get_weather: current weather for a city; deploy: deploy the app")),
        new SyncToolSpecification(
            tool(WEATHER, "Current weather for a city", "city"),
            (exchange, request) ->
                text("Sunny, 21 °C in " + request.arguments().getOrDefault("city", "Paris"))),
        new SyncToolSpecification(
            tool(DEPLOY, "Deploys the app (always refused here)", "target"),
            (exchange, request) -> {
              throw new QuarantinedException();
            }));
  }

  private static Tool tool(String name, String description, String argument) {
    Map<String, Object> schema =
        Map.of("type", "object", "properties", Map.of(argument, Map.of("type", "string")));
    return Tool.builder(name, schema).description(description).build();
  }

  private static CallToolResult text(String text) {
    return CallToolResult.builder().addTextContent(text).build();
  }
}
