package app.mcpproxy.telemetry.feedback;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * A rate limiter that keeps the times of the slots taken in the last hour.
 *
 * <p>A slot taken at {@code t} counts while {@code now - t} is less than an hour. Slots stamped
 * after {@code now} came from a clock that ran ahead and has been set right; they are dropped, so a
 * clock jump never keeps feedback refused.
 */
final class SlidingWindowRateLimiter implements RateLimiter {
  static final Duration WINDOW = Duration.ofHours(1);

  private final int maxPerHour;
  private final Clock clock;
  private final ArrayDeque<Instant> taken = new ArrayDeque<>();

  SlidingWindowRateLimiter(int maxPerHour, Clock clock) {
    if (maxPerHour < 1) {
      throw new IllegalArgumentException("maxPerHour must be at least 1, got " + maxPerHour);
    }
    this.maxPerHour = maxPerHour;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public synchronized boolean tryAcquire() {
    Instant now = clock.instant();
    Instant windowStart = now.minus(WINDOW);
    taken.removeIf(at -> !at.isAfter(windowStart) || at.isAfter(now));
    if (taken.size() >= maxPerHour) {
      return false;
    }
    taken.addLast(now);
    return true;
  }
}
