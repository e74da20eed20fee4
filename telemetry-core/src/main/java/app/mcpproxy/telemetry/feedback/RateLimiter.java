package app.mcpproxy.telemetry.feedback;

import java.time.Clock;

/**
 * Limits how many feedback submissions are accepted in any rolling hour.
 *
 * <pre>{@code
 * RateLimiter limiter = RateLimiter.inMemory(5, Clock.systemUTC());
 * if (!limiter.tryAcquire()) {
 *   throw new IllegalStateException("at most 5 feedback submissions per hour");
 * }
 * }</pre>
 */
public interface RateLimiter {

  /**
   * Takes one slot if fewer than the limit were taken in the hour before now.
   *
   * @return {@code true} when the slot was taken and the submission may go ahead
   */
  boolean tryAcquire();

  /**
   * Returns a thread-safe limiter that remembers its slots in memory, with a sliding one-hour
   * window on the given clock.
   *
   * @param maxPerHour how many slots any rolling hour may hold, at least 1
   * @param clock the clock the window follows
   * @return a new limiter with all slots free
   * @throws IllegalArgumentException if {@code maxPerHour} is less than 1
   */
  static RateLimiter inMemory(int maxPerHour, Clock clock) {
    return new SlidingWindowRateLimiter(maxPerHour, clock);
  }
}
