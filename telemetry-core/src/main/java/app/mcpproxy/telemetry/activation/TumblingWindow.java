package app.mcpproxy.telemetry.activation;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A count over a 24-hour tumbling window: the window opens at the first increment, and once 24
 * hours have passed since it opened the count starts again from zero in a new window.
 *
 * <p>Immutable; every change returns a new window. Reads apply the same expiry as writes, so a
 * count never outlives its window. A clock that moved back before the window start also ends the
 * window, so a window can never stay open for longer than 24 hours of the clock's time.
 *
 * <pre>{@code
 * TumblingWindow w = TumblingWindow.empty().plus(now, 3);
 * w.countAt(now.plus(Duration.ofHours(23)));  // 3
 * w.countAt(now.plus(Duration.ofHours(24)));  // 0
 * }</pre>
 *
 * @param start when the window opened, or {@code null} when no window is open
 * @param count the count in the window; 0 when {@code start} is {@code null}
 */
public record TumblingWindow(@Nullable Instant start, long count) {
  /** How long a window stays open. */
  public static final Duration LENGTH = Duration.ofHours(24);

  /** {@link #LENGTH} in milliseconds. */
  public static final long LENGTH_MILLIS = LENGTH.toMillis();

  private static final TumblingWindow EMPTY = new TumblingWindow(null, 0);

  /**
   * Checks the components.
   *
   * @throws IllegalArgumentException if {@code count} is negative, or positive without a start
   */
  public TumblingWindow {
    if (count < 0) {
      throw new IllegalArgumentException("window count must not be negative, got " + count);
    }
    if (start == null && count != 0) {
      throw new IllegalArgumentException("a window without a start must be empty, got " + count);
    }
  }

  /**
   * Returns the window of an install that never counted anything.
   *
   * @return the empty window
   */
  public static TumblingWindow empty() {
    return EMPTY;
  }

  /**
   * Tells whether this window is open at the given time.
   *
   * @param now the current time
   * @return {@code true} when the window has a start, that start is not after {@code now} and less
   *     than 24 hours have passed since it
   */
  public boolean isOpenAt(Instant now) {
    if (start == null) {
      return false;
    }
    return !now.isBefore(start) && now.isBefore(start.plus(LENGTH));
  }

  /**
   * Returns the count as seen at the given time: 0 once the window has ended.
   *
   * @param now the current time
   * @return the count of the window open at {@code now}, or 0
   */
  public long countAt(Instant now) {
    return isOpenAt(now) ? count : 0;
  }

  /**
   * Adds to the count, opening a new window at {@code now} when none is open.
   *
   * @param now the current time
   * @param amount how much to add, not negative; the count saturates at {@link Long#MAX_VALUE}
   * @return the updated window; this window when {@code amount} is 0
   * @throws IllegalArgumentException if {@code amount} is negative
   */
  public TumblingWindow plus(Instant now, long amount) {
    if (amount < 0) {
      throw new IllegalArgumentException("amount must not be negative, got " + amount);
    }
    if (amount == 0) {
      return this;
    }
    if (!isOpenAt(now)) {
      return new TumblingWindow(now, amount);
    }
    long sum = count + amount;
    return new TumblingWindow(start, sum < 0 ? Long.MAX_VALUE : sum);
  }

  /**
   * Replaces the count of the window open at {@code now}, opening one at {@code now} when none is
   * open and the count is positive.
   *
   * @param now the current time
   * @param newCount the count to hold, not negative
   * @return the updated window
   * @throws IllegalArgumentException if {@code newCount} is negative
   */
  public TumblingWindow withCountAt(Instant now, long newCount) {
    if (newCount < 0) {
      throw new IllegalArgumentException("count must not be negative, got " + newCount);
    }
    if (isOpenAt(now)) {
      return newCount == count ? this : new TumblingWindow(start, newCount);
    }
    return newCount == 0 ? EMPTY : new TumblingWindow(now, newCount);
  }
}
