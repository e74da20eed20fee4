package app.mcpproxy.telemetry.transport;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Parses the {@code Retry-After} header: a number of seconds or an HTTP date. */
final class RetryAfter {
  private static final int MAX_SECONDS_DIGITS = 9;

  private RetryAfter() {}

  /**
   * Parses a header value.
   *
   * @param value the header value, may be {@code null}
   * @param now the current time, to turn a date into a delay
   * @return the delay, never negative; empty when the value is missing or malformed
   */
  static Optional<Duration> parse(@Nullable String value, Instant now) {
    if (value == null) {
      return Optional.empty();
    }
    String trimmed = value.trim();
    if (trimmed.isEmpty()) {
      return Optional.empty();
    }
    if (trimmed.chars().allMatch(c -> c >= '0' && c <= '9')) {
      // Longer numbers are nonsense; anything capped later at the interval anyway.
      return trimmed.length() > MAX_SECONDS_DIGITS
          ? Optional.empty()
          : Optional.of(Duration.ofSeconds(Long.parseLong(trimmed)));
    }
    try {
      Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration delay = Duration.between(now, at);
      return Optional.of(delay.isNegative() ? Duration.ZERO : delay);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
