package app.mcpproxy.telemetry.collector.http;

import app.mcpproxy.telemetry.collector.http.HeartbeatSchema.SchemaViolation;
import app.mcpproxy.telemetry.collector.storage.ReceivedHeartbeat;
import app.mcpproxy.telemetry.privacy.AnonymityScanner;
import app.mcpproxy.telemetry.privacy.AnonymityViolation;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Turns a heartbeat body into a heartbeat to store, or refuses it: a body that is not strict UTF-8
 * JSON (400), a schema violation naming the field (400), a payload the core's anonymity scanner
 * refuses, naming the rule (422). The body is parsed once; the same tree is validated and stored.
 */
public final class HeartbeatIntake {
  /** The header a client sends with the same value on every retry of the same content. */
  public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

  private final ObjectMapper mapper;
  private final HeartbeatSchema schema;
  private final AnonymityScanner scanner;
  private final Clock clock;

  public HeartbeatIntake(
      ObjectMapper mapper, HeartbeatSchema schema, AnonymityScanner scanner, Clock clock) {
    this.mapper = Objects.requireNonNull(mapper, "mapper");
    this.schema = Objects.requireNonNull(schema, "schema");
    this.scanner = Objects.requireNonNull(scanner, "scanner");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Validates a body and dates it by today's UTC date on the collector's clock.
   *
   * @param body the bytes as received
   * @param idempotencyKey the request's {@value #IDEMPOTENCY_KEY} header, or {@code null}
   * @return the heartbeat
   * @throws Rejection when the body or the key is refused
   */
  ReceivedHeartbeat admit(byte[] body, @Nullable String idempotencyKey) throws Rejection {
    return admit(body, idempotencyKey, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
  }

  /**
   * Validates a body exactly as a {@code POST /v1/heartbeat} is validated, but dates it on a given
   * day: for heartbeats back-filled in-process, never offered over HTTP.
   *
   * @param body the heartbeat's bytes
   * @param idempotencyKey its key, or {@code null}
   * @param day the UTC day it counts for
   * @return the heartbeat
   * @throws IllegalArgumentException naming the reason, the field or the scanner's rule, when the
   *     HTTP intake would refuse the body or the key
   */
  public ReceivedHeartbeat admitOn(byte[] body, @Nullable String idempotencyKey, LocalDate day) {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(day, "day");
    try {
      return admit(body, idempotencyKey, day);
    } catch (Rejection rejection) {
      throw new IllegalArgumentException(rejection.body().toString(), rejection);
    }
  }

  private ReceivedHeartbeat admit(byte[] body, @Nullable String idempotencyKey, LocalDate day)
      throws Rejection {
    if (idempotencyKey != null && !KEY.matcher(idempotencyKey).matches()) {
      throw Rejection.badRequest(
              IDEMPOTENCY_KEY + " must be 1 to 64 letters, digits or . _ : - (a UUID, say)")
          .with("field", IDEMPOTENCY_KEY);
    }
    StrictJson.Document document = StrictJson.parse(mapper, body);
    Optional<SchemaViolation> violation = schema.check(document.tree());
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
    ObjectNode payload = (ObjectNode) document.tree();
    return ReceivedHeartbeat.of(day, idempotencyKey, payload, document.text());
  }
}
