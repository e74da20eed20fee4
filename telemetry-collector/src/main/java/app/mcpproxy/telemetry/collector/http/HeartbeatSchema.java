package app.mcpproxy.telemetry.collector.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.OutputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/** The project's strict JSON Schema of the v3 heartbeat, loaded once and shared by threads. */
public final class HeartbeatSchema {
  static final String RESOURCE = "heartbeat-v3.schema.json";

  private final Schema schema;

  private HeartbeatSchema(Schema schema) {
    this.schema = schema;
  }

  public static HeartbeatSchema load() {
    SchemaRegistryConfig config =
        SchemaRegistryConfig.builder().formatAssertionsEnabled(true).typeLoose(false).build();
    SchemaRegistry registry =
        SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12, builder -> builder.schemaRegistryConfig(config));
    try (InputStream in = HeartbeatSchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("schema resource missing: " + RESOURCE);
      }
      return new HeartbeatSchema(registry.getSchema(in));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read schema resource " + RESOURCE, e);
    }
  }

  /**
   * Validates a parsed heartbeat.
   *
   * @param payload the parsed JSON
   * @return the first violation, naming the field, or empty when the payload is valid
   */
  Optional<SchemaViolation> check(JsonNode payload) {
    // The yes/no evaluation skips collecting messages; only a refused payload is evaluated again.
    if (schema.validate(payload, OutputFormat.BOOLEAN)) {
      return Optional.empty();
    }
    List<Error> errors = schema.validate(payload);
    if (errors.isEmpty()) {
      return Optional.empty();
    }
    Error first = errors.get(0);
    return Optional.of(new SchemaViolation(fieldOf(first), first.getMessage()));
  }

  private static String fieldOf(Error error) {
    StringBuilder field = new StringBuilder();
    NodePath location = error.getInstanceLocation();
    for (int i = 0; i < location.getNameCount(); i++) {
      Object element = location.getElement(i);
      if (element instanceof Integer index) {
        field.append('[').append(index).append(']');
      } else {
        if (field.length() > 0) {
          field.append('.');
        }
        field.append(element);
      }
    }
    // "required" and "additionalProperties" report the object; the property names the field.
    if (error.getProperty() != null) {
      if (field.length() > 0) {
        field.append('.');
      }
      field.append(error.getProperty());
    }
    return field.length() == 0 ? "$" : field.toString();
  }

  /**
   * Why a heartbeat does not match the schema.
   *
   * @param field dotted path of the offending field, {@code $} for the document itself
   * @param message the validator's explanation
   */
  record SchemaViolation(String field, String message) {}
}
