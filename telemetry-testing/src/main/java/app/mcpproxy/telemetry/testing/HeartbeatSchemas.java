package app.mcpproxy.telemetry.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Upstream's published heartbeat schemas, and the v2 schema adjusted to our schema version 3.
 *
 * <p>The adjustments, and only these: {@code schema_version} is 3; {@code go_version} carries the
 * JVM runtime ({@code java17.0.15}); the v3 fields are allowed (those of the v3 additions schema,
 * plus {@code server_protocol_counts}, {@code server_docker_isolated_count} and {@code
 * feature_flags.docker_available}, for which upstream published no schema); and {@code
 * routing_mode} also accepts mcpproxy's current modes, which the v2 schema's stale enum ({@code
 * dynamic}, {@code static}) does not list. {@link #relaxRequired} goes one step further for
 * payloads of installs that have counted nothing yet: upstream's v2 list of required fields
 * contradicts its own {@code omitempty} tags.
 */
public final class HeartbeatSchemas {
  /** The published v2 schema. */
  public static final String V2 = "/app/mcpproxy/telemetry/testing/heartbeat-v2.schema.json";

  /** The published v3 additions schema. */
  public static final String V3_ADDITIONS =
      "/app/mcpproxy/telemetry/testing/heartbeat-v3-additions.schema.json";

  /** Fields the wire format always carries, in the order the library writes them. */
  public static final List<String> ALWAYS_PRESENT =
      List.of(
          "anonymous_id",
          "version",
          "edition",
          "os",
          "arch",
          "go_version",
          "server_count",
          "connected_server_count",
          "tool_count",
          "uptime_hours",
          "routing_mode",
          "quarantine_enabled",
          "timestamp",
          "previous_version",
          "autostart_enabled");

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private HeartbeatSchemas() {}

  /** Reads a JSON resource from the class path. */
  public static JsonNode resource(String path) {
    try (InputStream in = HeartbeatSchemas.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + path);
      }
      return MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Compiles a schema with format assertions on. */
  public static Schema compile(JsonNode schema) {
    SchemaRegistryConfig config =
        SchemaRegistryConfig.builder().formatAssertionsEnabled(true).typeLoose(false).build();
    SchemaRegistry registry =
        SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12, builder -> builder.schemaRegistryConfig(config));
    return registry.getSchema(schema);
  }

  /** The v2 schema with the adjustments described on the class. */
  public static ObjectNode adjustedV2() {
    ObjectNode schema = (ObjectNode) resource(V2);
    ObjectNode properties = (ObjectNode) schema.get("properties");
    ((ObjectNode) properties.get("schema_version")).put("const", 3);
    ((ObjectNode) properties.get("go_version")).put("pattern", "^java[0-9]+(\\.[0-9]+){0,3}$");
    ObjectNode routingMode = (ObjectNode) properties.get("routing_mode");
    routingMode.withArray("enum").add("retrieve_tools").add("direct").add("code_execution");

    JsonNode v3 = resource(V3_ADDITIONS).get("properties");
    v3.fieldNames()
        .forEachRemaining(
            name -> {
              if (!properties.has(name)) {
                properties.set(name, v3.get(name));
              }
            });
    ObjectNode protocolCount = MAPPER.createObjectNode().put("type", "integer").put("minimum", 0);
    ObjectNode protocols = properties.putObject("server_protocol_counts");
    protocols.put("type", "object").put("additionalProperties", false);
    ObjectNode protocolProperties = protocols.putObject("properties");
    List<String> protocolNames = List.of("stdio", "http", "sse", "streamable_http", "auto");
    protocolNames.forEach(p -> protocolProperties.set(p, protocolCount));
    protocolNames.forEach(p -> protocols.withArray("required").add(p));
    properties.putObject("server_docker_isolated_count").put("type", "integer").put("minimum", 0);
    ((ObjectNode) properties.get("feature_flags").get("properties"))
        .putObject("docker_available")
        .put("type", "boolean");
    return schema;
  }

  /** Requires only the fields that are always present. */
  public static ObjectNode relaxRequired(ObjectNode schema) {
    ArrayNode required = schema.putArray("required");
    ALWAYS_PRESENT.forEach(required::add);
    return schema;
  }

  /** Validates a payload against the adjusted v2 schema and the unmodified v3 additions. */
  public static List<Error> validate(JsonNode payload) {
    return validate(adjustedV2(), payload);
  }

  /** Validates a payload against the given v2-based schema and the unmodified v3 additions. */
  public static List<Error> validate(ObjectNode v2Schema, JsonNode payload) {
    List<Error> errors = new ArrayList<>();
    errors.addAll(compile(v2Schema).validate(payload));
    errors.addAll(compile(resource(V3_ADDITIONS)).validate(payload));
    return errors;
  }
}
