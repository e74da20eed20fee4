package app.mcpproxy.telemetry.cli;

import app.mcpproxy.telemetry.model.ActivationState;
import app.mcpproxy.telemetry.model.WireNames;
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
    node.put(WireNames.FIRST_CONNECTED_SERVER_EVER, state.firstConnectedServerEver());
    node.put(WireNames.FIRST_MCP_CLIENT_EVER, state.firstMcpClientEver());
    node.put(WireNames.FIRST_RETRIEVE_TOOLS_CALL_EVER, state.firstRetrieveToolsCallEver());
    ArrayNode clients = node.putArray(WireNames.MCP_CLIENTS_SEEN_EVER);
    state.mcpClientsSeenEver().forEach(clients::add);
    node.put(WireNames.RETRIEVE_TOOLS_CALLS_24H, state.retrieveToolsCalls24h());
    node.put(WireNames.ESTIMATED_TOKENS_SAVED_24H_BUCKET, state.estimatedTokensSaved24hBucket());
    node.put(WireNames.CONFIGURED_IDE_COUNT, state.configuredIdeCount());
    return node;
  }
}
