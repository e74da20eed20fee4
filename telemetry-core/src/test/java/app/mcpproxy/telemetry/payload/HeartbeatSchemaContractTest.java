package app.mcpproxy.telemetry.payload;

import static org.assertj.core.api.Assertions.assertThat;

import app.mcpproxy.telemetry.model.HeartbeatPayload;
import app.mcpproxy.telemetry.testing.Payloads;
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
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Checks our heartbeat against upstream's published schemas: v2 in full, and the v3 additions.
 *
 * <p>The v2 schema is adjusted here, and only here, where our v3 differs on purpose: {@code
 * schema_version} is 3; {@code go_version} carries the JVM runtime ({@code java17.0.15}); the v3
 * fields are allowed; and {@code routing_mode} accepts mcpproxy's current modes, which the v2
 * schema's stale enum ({@code dynamic}, {@code static}) does not list.
 */
class HeartbeatSchemaContractTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** v3 fields whose schema upstream never published; everything else must be in a schema. */
  private static final Set<String> UNPUBLISHED_V3_FIELDS =
      Set.of("server_protocol_counts", "server_docker_isolated_count");

  private static JsonNode resource(String path) throws IOException {
    try (InputStream in = HeartbeatSchemaContractTest.class.getResourceAsStream(path)) {
      assertThat(in).as("resource %s", path).isNotNull();
      return MAPPER.readTree(in);
    }
  }

  private static JsonSchema compile(JsonNode schema) {
    SchemaValidatorsConfig config =
        SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema, config);
  }

  /** The v2 schema with the adjustments described on the class. */
  private static ObjectNode adjustedV2() throws IOException {
    ObjectNode schema = (ObjectNode) resource("/schemas/heartbeat-v2.schema.json");
    ObjectNode properties = (ObjectNode) schema.get("properties");
    ((ObjectNode) properties.get("schema_version")).put("const", HeartbeatPayload.SCHEMA_VERSION);
    ((ObjectNode) properties.get("go_version")).put("pattern", "^java[0-9]+(\\.[0-9]+){0,3}$");
    ObjectNode routingMode = (ObjectNode) properties.get("routing_mode");
    routingMode.withArray("enum").add("retrieve_tools").add("direct").add("code_execution");

    JsonNode v3 = resource("/schemas/heartbeat-v3-additions.schema.json").get("properties");
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

  private static JsonNode fullPayload() throws IOException {
    return MAPPER.readTree(PayloadWriter.toJson(Payloads.full()));
  }

  private static String snakeCase(String camel) {
    return camel.replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT);
  }

  @Test
  void fullPayloadIsValidAgainstAdjustedV2Schema() throws IOException {
    Set<ValidationMessage> errors = compile(adjustedV2()).validate(fullPayload());

    assertThat(errors).isEmpty();
  }

  @Test
  void fullPayloadIsValidAgainstUnmodifiedV3AdditionsSchema() throws IOException {
    JsonSchema v3 = compile(resource("/schemas/heartbeat-v3-additions.schema.json"));

    assertThat(v3.validate(fullPayload())).isEmpty();
  }

  @Test
  void adjustedSchemaStillRejectsAnUnknownFieldAndAWidenedMarker() throws IOException {
    ObjectNode payload = (ObjectNode) fullPayload();
    payload.put("hostname", "laptop");
    ((ObjectNode) payload.get("env_markers")).put("has_tty", "yes");

    Set<String> failing =
        compile(adjustedV2()).validate(payload).stream()
            .map(ValidationMessage::getMessage)
            .collect(Collectors.toSet());

    assertThat(failing).anySatisfy(m -> assertThat(m).contains("hostname"));
    assertThat(failing).anySatisfy(m -> assertThat(m).contains("has_tty"));
  }

  @Test
  void everyPayloadComponentIsWrittenAndHasASchemaProperty() throws IOException {
    Set<String> componentNames =
        Arrays.stream(HeartbeatPayload.class.getRecordComponents())
            .map(RecordComponent::getName)
            .map(HeartbeatSchemaContractTest::snakeCase)
            .collect(Collectors.toCollection(TreeSet::new));
    Set<String> written = new TreeSet<>();
    fullPayload().fieldNames().forEachRemaining(written::add);
    Set<String> published = new HashSet<>();
    resource("/schemas/heartbeat-v2.schema.json")
        .get("properties")
        .fieldNames()
        .forEachRemaining(published::add);
    resource("/schemas/heartbeat-v3-additions.schema.json")
        .get("properties")
        .fieldNames()
        .forEachRemaining(published::add);

    assertThat(written).isEqualTo(componentNames);
    Set<String> unpublished = new TreeSet<>(componentNames);
    unpublished.removeAll(published);
    assertThat(unpublished).isEqualTo(new TreeSet<>(UNPUBLISHED_V3_FIELDS));
  }
}
