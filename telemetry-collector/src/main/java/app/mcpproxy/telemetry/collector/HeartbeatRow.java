package app.mcpproxy.telemetry.collector;

import java.util.List;
import java.util.Objects;

/**
 * A validated heartbeat ready to store: its key, the aggregated columns and the raw JSON.
 *
 * @param day UTC day of receipt, {@code YYYY-MM-DD}
 * @param anonymousId the install's id
 * @param values column values in the order of {@link HeartbeatColumns#all()}
 * @param payload the heartbeat exactly as received
 */
record HeartbeatRow(String day, String anonymousId, List<Object> values, String payload) {
  HeartbeatRow {
    Objects.requireNonNull(day, "day");
    Objects.requireNonNull(anonymousId, "anonymousId");
    Objects.requireNonNull(payload, "payload");
    if (values.size() != HeartbeatColumns.all().size()) {
      throw new IllegalArgumentException(
          "expected " + HeartbeatColumns.all().size() + " column values, got " + values.size());
    }
  }
}
