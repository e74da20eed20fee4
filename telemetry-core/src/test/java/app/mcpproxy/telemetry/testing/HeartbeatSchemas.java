package app.mcpproxy.telemetry.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;

/**
 * Upstream's published heartbeat schemas, and the v2 schema adjusted to our schema version 3.
 *
 * <p>The adjustments, and only these: {@code schema_version} is 3; {@code go_version} carries the
 * JVM runtime ({@code java17.0.15}); the v3 fields are allowed (those of the v3 additions schema,
 * plus {@code server_protocol_counts}, {@code server_docker_isolated_count} and {@code
 * feature_flags.docker_available}, for which upstream published no schema); and {@code
 * routing_mode} also accepts mcpproxy's current modes, which the v2 schema's stale enum ({@code
 * dynamic}, {@code static}) does not list.
 */
public final class HeartbeatSchemas {
  /** The published v2 schema. */
  public static final String V2 = "/schemas/heartbeat-v2.schema.json";

  /** The published v3 additions schema. */
  public static final String V3_ADDITIONS = "/schemas/heartbeat-v3-additions.schema.json";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private HeartbeatSchemas() {}

  /** Reads a JSON resource from the test class path. */
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
  public static JsonSchema compile(JsonNode schema) {
    SchemaValidatorsConfig config =
        SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema, config);
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

  /** Validates a payload against the adjusted v2 schema and the unmodified v3 additions. */
  public static Set<ValidationMessage> validate(JsonNode payload) {
    Set<ValidationMessage> errors = new java.util.LinkedHashSet<>();
    errors.addAll(compile(adjustedV2()).validate(payload));
    errors.addAll(compile(resource(V3_ADDITIONS)).validate(payload));
    return errors;
  }
}
