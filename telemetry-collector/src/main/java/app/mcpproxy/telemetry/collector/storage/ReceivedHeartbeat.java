package app.mcpproxy.telemetry.collector.storage;

import app.mcpproxy.telemetry.model.WireNames;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A heartbeat that passed intake, waiting to be merged into its install's day.
 *
 * @param day UTC day of receipt, {@code YYYY-MM-DD}
 * @param epochDay the same day as days since 1970-01-01
 * @param anonymousId the install's id
 * @param idempotencyKey the sender's key for this content, or {@code null} when it sent none
 * @param payload the parsed heartbeat
 * @param raw the heartbeat's JSON exactly as received
 * @param values its column values, in the order of {@link HeartbeatColumns#all()}
 */
public record ReceivedHeartbeat(
    String day,
    long epochDay,
    String anonymousId,
    @Nullable String idempotencyKey,
    ObjectNode payload,
    String raw,
    List<Object> values) {
  public ReceivedHeartbeat {
    Objects.requireNonNull(day, "day");
    Objects.requireNonNull(anonymousId, "anonymousId");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(raw, "raw");
    Objects.requireNonNull(values, "values");
  }

  /**
   * A heartbeat with what the writer needs worked out beforehand, off the writer's thread.
   *
   * @param day UTC day of receipt, {@code YYYY-MM-DD}
   * @param idempotencyKey the sender's key, or {@code null}
   * @param payload a schema-valid heartbeat
   * @param raw its JSON as received
   * @return the heartbeat
   */
  public static ReceivedHeartbeat of(
      String day, @Nullable String idempotencyKey, ObjectNode payload, String raw) {
    return of(LocalDate.parse(day), idempotencyKey, payload, raw);
  }

  /**
   * A heartbeat with what the writer needs worked out beforehand, off the writer's thread.
   *
   * @param day UTC day of receipt
   * @param idempotencyKey the sender's key, or {@code null}
   * @param payload a schema-valid heartbeat
   * @param raw its JSON as received
   * @return the heartbeat
   */
  public static ReceivedHeartbeat of(
      LocalDate day, @Nullable String idempotencyKey, ObjectNode payload, String raw) {
    return new ReceivedHeartbeat(
        day.toString(),
        day.toEpochDay(),
        payload.get(WireNames.ANONYMOUS_ID).asText(),
        idempotencyKey,
        payload,
        raw,
        HeartbeatColumns.extract(payload));
  }
}
