package app.mcpproxy.telemetry.cli;

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
import java.util.List;

/**
 * Upstream's published heartbeat schemas (v2 in full, and the v3 additions), copied unchanged into
 * the test resources, and the v2 schema adjusted for our v3 payload.
 *
 * <p>The adjustments, and nothing else: {@code schema_version} is 3; {@code go_version} carries the
 * JVM runtime ({@code java17.0.15}); the v3 fields are allowed ({@code env_kind}, {@code
 * env_markers}, {@code activation}, {@code launch_source}, {@code autostart_enabled}, {@code
 * server_protocol_counts}, {@code server_docker_isolated_count}, {@code
 * feature_flags.docker_available}); {@code routing_mode} also accepts mcpproxy's current modes; and
 * fields the seed's own JSON tags leave out when empty are not required when {@link #relaxRequired}
 * is used (upstream's v2 list contradicts its {@code omitempty} tags, so a payload from an install
 * that has counted nothing yet could never pass it).
 */
final class UpstreamSchema {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Fields the wire format always carries. */
  static final List<String> ALWAYS_PRESENT =
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

  private UpstreamSchema() {}

  static JsonNode resource(String name) {
    try (InputStream in = UpstreamSchema.class.getResourceAsStream("/schemas/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource /schemas/" + name);
      }
      return MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The v2 schema with the adjustments described on the class, all fields still required. */
  static ObjectNode adjustedV2() {
    ObjectNode schema = (ObjectNode) resource("heartbeat-v2.schema.json");
    ObjectNode properties = (ObjectNode) schema.get("properties");
    ((ObjectNode) properties.get("schema_version")).put("const", 3);
    ((ObjectNode) properties.get("go_version")).put("pattern", "^java[0-9]+(\\.[0-9]+){0,3}$");
    ((ArrayNode) properties.get("routing_mode").get("enum"))
        .add("retrieve_tools")
        .add("direct")
        .add("code_execution");
    JsonNode v3 = resource("heartbeat-v3-additions.schema.json").get("properties");
    v3.fieldNames()
        .forEachRemaining(
            name -> {
              if (!properties.has(name)) {
                properties.set(name, v3.get(name));
              }
            });
    ObjectNode protocols = properties.putObject("server_protocol_counts");
    protocols.put("type", "object").put("additionalProperties", false);
    ObjectNode protocolProperties = protocols.putObject("properties");
    for (String protocol : List.of("stdio", "http", "sse", "streamable_http", "auto")) {
      protocolProperties.putObject(protocol).put("type", "integer").put("minimum", 0);
      protocols.withArray("required").add(protocol);
    }
    properties.putObject("server_docker_isolated_count").put("type", "integer").put("minimum", 0);
    ((ObjectNode) properties.get("feature_flags").get("properties"))
        .putObject("docker_available")
        .put("type", "boolean");
    return schema;
  }

  /** Requires only the fields that are always present. */
  static ObjectNode relaxRequired(ObjectNode schema) {
    ArrayNode required = schema.putArray("required");
    ALWAYS_PRESENT.forEach(required::add);
    return schema;
  }

  /** Validates a payload; an empty list means valid. */
  static List<Error> validate(JsonNode schema, JsonNode payload) {
    SchemaRegistryConfig config =
        SchemaRegistryConfig.builder().formatAssertionsEnabled(true).typeLoose(false).build();
    SchemaRegistry registry =
        SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12, builder -> builder.schemaRegistryConfig(config));
    Schema compiled = registry.getSchema(schema);
    return compiled.validate(payload);
  }
}
