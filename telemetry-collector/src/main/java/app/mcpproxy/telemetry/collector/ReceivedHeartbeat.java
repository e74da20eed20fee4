package app.mcpproxy.telemetry.collector;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * A heartbeat that passed intake, waiting to be merged into its install's day.
 *
 * @param day UTC day of receipt, {@code YYYY-MM-DD}
 * @param anonymousId the install's id
 * @param idempotencyKey the sender's key for this content, or {@code null} when it sent none
 * @param payload the parsed heartbeat
 * @param raw the heartbeat's JSON exactly as received
 */
record ReceivedHeartbeat(
    String day, String anonymousId, String idempotencyKey, ObjectNode payload, String raw) {
  ReceivedHeartbeat {
    Objects.requireNonNull(day, "day");
    Objects.requireNonNull(anonymousId, "anonymousId");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(raw, "raw");
  }
}
