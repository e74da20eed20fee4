package app.mcpproxy.telemetry.payload;

import static org.assertj.core.api.Assertions.assertThat;

import app.mcpproxy.telemetry.model.HeartbeatPayload;
import app.mcpproxy.telemetry.testing.HeartbeatFixture;
import app.mcpproxy.telemetry.testing.HeartbeatSchemas;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Checks the written heartbeat against upstream's published schemas, v2 in full (adjusted as {@link
 * HeartbeatSchemas} describes) and the v3 additions unmodified.
 */
class HeartbeatSchemaContractTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** v3 fields whose schema upstream never published; everything else must be in a schema. */
  private static final Set<String> UNPUBLISHED_V3_FIELDS =
      Set.of("server_protocol_counts", "server_docker_isolated_count");

  private static JsonNode fullPayload() throws IOException {
    return MAPPER.readTree(PayloadWriter.toJson(HeartbeatFixture.full().build()));
  }

  private static String snakeCase(String camel) {
    return camel.replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
  }

  @Test
  void fullPayloadIsValidAgainstAdjustedV2Schema() throws IOException {
    List<Error> errors =
        HeartbeatSchemas.compile(HeartbeatSchemas.adjustedV2()).validate(fullPayload());

    assertThat(errors).isEmpty();
  }

  @Test
  void fullPayloadIsValidAgainstUnmodifiedV3AdditionsSchema() throws IOException {
    JsonNode v3 = HeartbeatSchemas.resource(HeartbeatSchemas.V3_ADDITIONS);

    assertThat(HeartbeatSchemas.compile(v3).validate(fullPayload())).isEmpty();
  }

  @Test
  void adjustedSchemaStillRejectsAnUnknownFieldAndAWidenedMarker() throws IOException {
    ObjectNode payload = (ObjectNode) fullPayload();
    payload.put("hostname", "laptop");
    ((ObjectNode) payload.get("env_markers")).put("has_tty", "yes");

    Set<String> failing =
        HeartbeatSchemas.validate(payload).stream()
            .map(Error::toString)
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
    HeartbeatSchemas.resource(HeartbeatSchemas.V2)
        .get("properties")
        .fieldNames()
        .forEachRemaining(published::add);
    HeartbeatSchemas.resource(HeartbeatSchemas.V3_ADDITIONS)
        .get("properties")
        .fieldNames()
        .forEachRemaining(published::add);

    assertThat(written).isEqualTo(componentNames);
    Set<String> unpublished = new TreeSet<>(componentNames);
    unpublished.removeAll(published);
    assertThat(unpublished).isEqualTo(new TreeSet<>(UNPUBLISHED_V3_FIELDS));
  }
}
