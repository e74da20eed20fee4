package app.mcpproxy.telemetry.model;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A heartbeat that was sent or attempted, as kept in the local log so a person can see what left
 * the machine.
 *
 * @param sentAt when the attempt was made
 * @param httpStatus the HTTP status answered, or 0 when no answer came
 * @param error why the attempt failed without an HTTP status, or {@code null}
 * @param payload the exact JSON that was sent
 */
public record SentHeartbeat(
    Instant sentAt, int httpStatus, @Nullable String error, String payload) {
  /** Checks required components. */
  public SentHeartbeat {
    Objects.requireNonNull(sentAt, "sentAt");
    Objects.requireNonNull(payload, "payload");
  }

  /** Tells whether the endpoint accepted the heartbeat with a 2xx answer. */
  public boolean accepted() {
    return httpStatus >= 200 && httpStatus < 300;
  }
}
