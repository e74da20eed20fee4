package app.mcpproxy.telemetry.cli;

import app.mcpproxy.telemetry.model.ActivationState;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;

/** The JSON the commands print: Jackson trees, pretty-printed. */
final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  static ArrayNode array() {
    return JsonNodeFactory.instance.arrayNode();
  }

  /** Pretty-prints a tree with two-space indentation. */
  static String pretty(JsonNode node) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Parses JSON text.
   *
   * @throws CommandFailure when the text is not JSON
   */
  static JsonNode parse(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new CommandFailure("not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** The activation funnel with the field names of the heartbeat. */
  static ObjectNode activation(ActivationState state) {
    ObjectNode node = object();
    node.put("first_connected_server_ever", state.firstConnectedServerEver());
    node.put("first_mcp_client_ever", state.firstMcpClientEver());
    node.put("first_retrieve_tools_call_ever", state.firstRetrieveToolsCallEver());
    ArrayNode clients = node.putArray("mcp_clients_seen_ever");
    state.mcpClientsSeenEver().forEach(clients::add);
    node.put("retrieve_tools_calls_24h", state.retrieveToolsCalls24h());
    node.put("estimated_tokens_saved_24h_bucket", state.estimatedTokensSaved24hBucket());
    node.put("configured_ide_count", state.configuredIdeCount());
    return node;
  }
}
