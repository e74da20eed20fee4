package app.mcpproxy.telemetry.service;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What came of one heartbeat.
 *
 * @param status how it ended
 * @param httpStatus the endpoint's HTTP status, or 0 when it did not answer or nothing was sent
 * @param detail a short explanation for people, such as {@code HTTP 503}, {@code timeout} or the
 *     reason telemetry is off; never payload content
 * @param retryAfter the endpoint's {@code Retry-After}, when it sent one
 */
public record SendResult(
    SendResult.Status status, int httpStatus, String detail, Optional<Duration> retryAfter) {

  /** How a heartbeat ended. */
  public enum Status {
    /** The endpoint answered 2xx; the counters that were sent are cleared. */
    ACCEPTED,
    /** The endpoint answered something else; everything is kept for a retry. */
    REJECTED,
    /** No answer came, or the heartbeat could not be prepared; everything is kept for a retry. */
    FAILED,
    /** The anonymity scanner refused the payload; nothing was sent. */
    BLOCKED,
    /** Telemetry is off; nothing was sent and no connection was made. */
    DISABLED
  }

  /** Checks components. */
  public SendResult {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(retryAfter, "retryAfter");
  }

  /**
   * Tells whether the endpoint accepted the heartbeat.
   *
   * @return {@code true} for {@link Status#ACCEPTED}
   */
  public boolean accepted() {
    return status == Status.ACCEPTED;
  }

  static SendResult notSent(Status status, String detail) {
    return new SendResult(status, 0, detail, Optional.empty());
  }
}
