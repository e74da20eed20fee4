package app.mcpproxy.telemetry.collector;

import java.util.Objects;

/**
 * What the collector holds of an install on one UTC day, as one heartbeat.
 *
 * @param day UTC day of receipt, {@code YYYY-MM-DD}
 * @param anonymousId the install's id
 * @param payload the day's latest heartbeat as JSON, its counter objects ({@code surface_requests},
 *     {@code builtin_tool_calls}, {@code rest_endpoint_calls}, {@code error_category_counts},
 *     {@code doctor_checks}) replaced by their sums over the day's heartbeats
 */
public record StoredHeartbeat(String day, String anonymousId, String payload) {
  /** Checks that no component is missing. */
  public StoredHeartbeat {
    Objects.requireNonNull(day, "day");
    Objects.requireNonNull(anonymousId, "anonymousId");
    Objects.requireNonNull(payload, "payload");
  }
}
