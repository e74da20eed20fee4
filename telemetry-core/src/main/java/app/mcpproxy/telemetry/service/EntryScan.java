package app.mcpproxy.telemetry.service;

import app.mcpproxy.telemetry.privacy.AnonymityScanner;
import app.mcpproxy.telemetry.privacy.AnonymityViolation;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * Scans one host-derived entry of a heartbeat alone, in a tiny payload that carries it where the
 * real one does: a REST key as a key of {@code rest_endpoint_calls}, a check name as a key of
 * {@code doctor_checks}, a client name in {@code activation.mcp_clients_seen_ever}. Used to refuse
 * a declared entry up front and to find the entry a refused heartbeat owes its violation to.
 */
final class EntryScan {
  private static final JsonFactory JSON = new JsonFactory();

  private final AnonymityScanner scanner;

  EntryScan(AnonymityScanner scanner) {
    this.scanner = scanner;
  }

  Optional<AnonymityViolation> restKey(String key) {
    return scanner.scan(
        write(
            json -> {
              json.writeObjectFieldStart("rest_endpoint_calls");
              json.writeObjectFieldStart(key);
              json.writeNumberField("2xx", 1);
              json.writeEndObject();
              json.writeEndObject();
            }));
  }

  Optional<AnonymityViolation> doctorCheck(String name) {
    return scanner.scan(
        write(
            json -> {
              json.writeObjectFieldStart("doctor_checks");
              json.writeObjectFieldStart(name);
              json.writeNumberField("pass", 1);
              json.writeNumberField("fail", 0);
              json.writeEndObject();
              json.writeEndObject();
            }));
  }

  Optional<AnonymityViolation> client(String name) {
    return scanner.scan(
        write(
            json -> {
              json.writeObjectFieldStart("activation");
              json.writeArrayFieldStart("mcp_clients_seen_ever");
              json.writeString(name);
              json.writeEndArray();
              json.writeEndObject();
            }));
  }

  private interface Body {
    void write(JsonGenerator json) throws IOException;
  }

  private static byte[] write(Body body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      body.write(json);
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return out.toByteArray();
  }
}
