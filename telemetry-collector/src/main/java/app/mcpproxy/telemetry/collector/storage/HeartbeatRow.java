package app.mcpproxy.telemetry.collector.storage;

import app.mcpproxy.telemetry.model.WireNames;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What is stored of an install on one UTC day: its key, the aggregated columns, the latest
 * heartbeat as received, the day's summed counters and the idempotency keys already applied.
 *
 * @param day UTC day of receipt, {@code YYYY-MM-DD}
 * @param anonymousId the install's id
 * @param values column values in the order of {@link HeartbeatColumns#all()}
 * @param payload the latest heartbeat of the day exactly as received
 * @param counters the day's counter objects, summed, as JSON
 * @param idempotencyKeys the keys of the heartbeats applied, space-separated, or {@code null}
 */
public record HeartbeatRow(
    String day,
    String anonymousId,
    List<Object> values,
    String payload,
    String counters,
    @Nullable String idempotencyKeys) {
  public HeartbeatRow {
    Objects.requireNonNull(day, "day");
    Objects.requireNonNull(anonymousId, "anonymousId");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(counters, "counters");
    if (values.size() != HeartbeatColumns.all().size()) {
      throw new IllegalArgumentException(
          "expected " + HeartbeatColumns.all().size() + " column values, got " + values.size());
    }
  }

  /**
   * The row of a day that saw only this heartbeat, sent without an idempotency key.
   *
   * @param day the UTC day
   * @param heartbeat a schema-valid heartbeat
   * @return the row
   */
  public static HeartbeatRow of(String day, ObjectNode heartbeat) {
    return new HeartbeatRow(
        day,
        heartbeat.get(WireNames.ANONYMOUS_ID).asText(),
        HeartbeatColumns.extract(heartbeat),
        heartbeat.toString(),
        DayCounters.of(heartbeat).toString(),
        null);
  }
}
