package app.mcpproxy.telemetry.transport;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What came of one request to the endpoint: an HTTP status, or a short reason why no answer came.
 *
 * @param statusCode the HTTP status, or 0 when no answer came
 * @param retryAfter the parsed {@code Retry-After} header, when the answer carried a valid one
 * @param failure why no answer came, such as {@code timeout} or {@code connection refused}; empty
 *     when an answer came
 */
public record EndpointResult(
    int statusCode, Optional<Duration> retryAfter, Optional<String> failure) {
  /** Checks that exactly one of status and failure is present. */
  public EndpointResult {
    Objects.requireNonNull(retryAfter, "retryAfter");
    Objects.requireNonNull(failure, "failure");
    if ((statusCode == 0) == failure.isEmpty()) {
      throw new IllegalArgumentException(
          "need either a status or a failure, got status "
              + statusCode
              + " and failure "
              + failure);
    }
    if (statusCode != 0 && (statusCode < 100 || statusCode > 999)) {
      throw new IllegalArgumentException("not an HTTP status: " + statusCode);
    }
  }

  /**
   * Creates the result of a request the endpoint answered.
   *
   * @param statusCode the HTTP status
   * @param retryAfter the parsed {@code Retry-After}, if any
   * @return the result
   */
  public static EndpointResult answered(int statusCode, Optional<Duration> retryAfter) {
    return new EndpointResult(statusCode, retryAfter, Optional.empty());
  }

  /**
   * Creates the result of a request that got no answer.
   *
   * @param reason a short reason, such as {@code timeout}
   * @return the result
   */
  public static EndpointResult failed(String reason) {
    return new EndpointResult(0, Optional.empty(), Optional.of(reason));
  }

  /**
   * Tells whether the endpoint answered with a 2xx status.
   *
   * @return {@code true} for a 2xx answer
   */
  public boolean isSuccess() {
    return statusCode >= 200 && statusCode < 300;
  }

  /**
   * Describes the result in a few words for logs and the CLI, such as {@code HTTP 503} or {@code
   * timeout}.
   *
   * @return the description
   */
  public String describe() {
    return failure.orElseGet(() -> "HTTP " + statusCode);
  }
}
