package app.mcpproxy.telemetry.collector;

import app.mcpproxy.telemetry.collector.HeartbeatSchema.SchemaViolation;
import app.mcpproxy.telemetry.privacy.AnonymityScanner;
import app.mcpproxy.telemetry.privacy.AnonymityViolation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns a heartbeat body into a row to store, or refuses it: JSON that does not parse (400), a
 * schema violation naming the field (400), a payload the core's anonymity scanner refuses, naming
 * the rule (422). The body is parsed once; the same tree is validated and gives the columns.
 */
final class HeartbeatIntake {
  private final ObjectMapper mapper;
  private final HeartbeatSchema schema;
  private final AnonymityScanner scanner;
  private final Clock clock;

  HeartbeatIntake(
      ObjectMapper mapper, HeartbeatSchema schema, AnonymityScanner scanner, Clock clock) {
    this.mapper = Objects.requireNonNull(mapper, "mapper");
    this.schema = Objects.requireNonNull(schema, "schema");
    this.scanner = Objects.requireNonNull(scanner, "scanner");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Validates a body and extracts its row, keyed by today's UTC date on the collector's clock.
   *
   * @param body the bytes as received
   * @return the row
   * @throws Rejection when the body is refused
   */
  HeartbeatRow admit(byte[] body) throws Rejection {
    JsonNode payload = parse(mapper, body);
    Optional<SchemaViolation> violation = schema.check(payload);
    if (violation.isPresent()) {
      throw new Rejection(400, "schema_violation", violation.get().message())
          .with("field", violation.get().field());
    }
    Optional<AnonymityViolation> anonymity = scanner.scan(body);
    if (anonymity.isPresent()) {
      // Rule, pattern and reason are redacted by the scanner: they never quote the payload.
      throw new Rejection(422, "anonymity_violation", anonymity.get().reason())
          .with("rule", anonymity.get().rule().wireName())
          .with("pattern", anonymity.get().pattern());
    }
    String day = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).toString();
    return new HeartbeatRow(
        day,
        payload.get("anonymous_id").asText(),
        HeartbeatColumns.extract(payload),
        new String(body, StandardCharsets.UTF_8));
  }

  static JsonNode parse(ObjectMapper mapper, byte[] body) throws Rejection {
    if (body.length == 0) {
      throw Rejection.malformed("body is empty");
    }
    try {
      JsonNode tree = mapper.readTree(body);
      if (tree == null || tree.isMissingNode()) {
        throw Rejection.malformed("body holds no JSON value");
      }
      return tree;
    } catch (IOException e) {
      // The parser's message may quote the body; say only where it broke.
      throw Rejection.malformed("body is not valid JSON" + location(e));
    }
  }

  private static String location(IOException e) {
    if (e instanceof com.fasterxml.jackson.core.JsonProcessingException processing
        && processing.getLocation() != null) {
      return " (line "
          + processing.getLocation().getLineNr()
          + ", column "
          + processing.getLocation().getColumnNr()
          + ")";
    }
    return "";
  }
}
