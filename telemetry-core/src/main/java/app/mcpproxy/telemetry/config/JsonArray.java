package app.mcpproxy.telemetry.config;

import java.util.List;

/**
 * A JSON array.
 *
 * @param elements the elements in document order
 */
record JsonArray(List<JsonValue> elements) implements JsonValue {

  JsonArray {
    elements = List.copyOf(elements);
  }
}
