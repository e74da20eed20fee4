package app.mcpproxy.telemetry.collector;

import java.util.Objects;

/**
 * A heartbeat as the collector keeps it: the install's row of one UTC day.
 *
 * @param day UTC day of receipt, {@code YYYY-MM-DD}
 * @param anonymousId the install's id
 * @param payload the heartbeat's JSON exactly as received
 */
public record StoredHeartbeat(String day, String anonymousId, String payload) {
  /** Checks that no component is missing. */
  public StoredHeartbeat {
    Objects.requireNonNull(day, "day");
    Objects.requireNonNull(anonymousId, "anonymousId");
    Objects.requireNonNull(payload, "payload");
  }
}
