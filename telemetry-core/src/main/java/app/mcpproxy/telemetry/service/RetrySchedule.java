package app.mcpproxy.telemetry.service;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * Decides how long to wait before the next heartbeat; pure apart from the injected jitter source.
 *
 * <p>After a success, or a heartbeat skipped on purpose, the next one comes after a whole interval.
 * After a failure the delay starts at one minute and doubles with each consecutive failure up to
 * one hour, then varies by up to ±20 % so that many installs do not retry in step. A {@code
 * Retry-After} the endpoint sent is honoured when it asks for longer. No delay exceeds the interval
 * or falls below one second.
 *
 * <pre>{@code
 * RetrySchedule schedule = RetrySchedule.withInterval(Duration.ofHours(24), random::nextDouble);
 * Duration wait = schedule.nextDelay(Outcome.FAILURE, 3, Optional.empty()); // about 4 minutes
 * }</pre>
 */
final class RetrySchedule {
  /** The interval between heartbeats unless configured otherwise. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofHours(24);

  /** The delay after the first failure. */
  public static final Duration FIRST_BACKOFF = Duration.ofMinutes(1);

  /** The longest delay that doubling reaches before jitter. */
  public static final Duration MAX_BACKOFF = Duration.ofHours(1);

  /** The relative spread of the jitter around the backoff delay. */
  public static final double JITTER = 0.2;

  /** The shortest delay ever returned. */
  public static final Duration MIN_DELAY = Duration.ofSeconds(1);

  /** How the last heartbeat attempt ended. */
  public enum Outcome {
    /** The endpoint answered 2xx. */
    SUCCESS,
    /** The endpoint answered something else, or could not be reached. */
    FAILURE,
    /** Nothing was sent on purpose, for instance because the anonymity scanner refused it. */
    SKIPPED
  }

  private final Duration interval;
  private final DoubleSupplier random;

  private RetrySchedule(Duration interval, DoubleSupplier random) {
    this.interval = interval;
    this.random = random;
  }

  /**
   * Creates a schedule.
   *
   * @param interval the delay after a success, positive
   * @param random a source of numbers in {@code [0, 1)} for the jitter
   * @return the schedule
   * @throws IllegalArgumentException when the interval is not positive
   */
  public static RetrySchedule withInterval(Duration interval, DoubleSupplier random) {
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(random, "random");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive, got " + interval);
    }
    return new RetrySchedule(interval, random);
  }

  /**
   * Returns the interval between successful heartbeats.
   *
   * @return the interval
   */
  public Duration interval() {
    return interval;
  }

  /**
   * Computes the delay before the next attempt.
   *
   * @param last how the last attempt ended
   * @param consecutiveFailures failures in a row including the last one; ignored unless {@code
   *     last} is {@link Outcome#FAILURE}, where values below 1 count as 1
   * @param retryAfter the endpoint's {@code Retry-After}, when it asked for one
   * @return the delay, between one second and the interval
   */
  public Duration nextDelay(Outcome last, int consecutiveFailures, Optional<Duration> retryAfter) {
    Objects.requireNonNull(last, "last");
    Objects.requireNonNull(retryAfter, "retryAfter");
    if (last != Outcome.FAILURE) {
      return clamp(interval);
    }
    Duration delay = jittered(backoff(Math.max(1, consecutiveFailures)));
    if (retryAfter.isPresent() && retryAfter.get().compareTo(delay) > 0) {
      delay = retryAfter.get();
    }
    return clamp(delay);
  }

  private static Duration backoff(int failures) {
    // 1 min * 2^(failures-1); from the seventh failure on, 64 min > 1 h anyway.
    int doublings = Math.min(failures - 1, 6);
    Duration delay = FIRST_BACKOFF.multipliedBy(1L << doublings);
    return delay.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : delay;
  }

  private Duration jittered(Duration base) {
    double draw = random.getAsDouble();
    if (!(draw >= 0.0 && draw < 1.0)) {
      throw new IllegalStateException("random source must give values in [0, 1), gave " + draw);
    }
    double factor = 1.0 + JITTER * (2.0 * draw - 1.0);
    return Duration.ofMillis(Math.round(base.toMillis() * factor));
  }

  private Duration clamp(Duration delay) {
    Duration capped = delay.compareTo(interval) > 0 ? interval : delay;
    return capped.compareTo(MIN_DELAY) < 0 ? MIN_DELAY : capped;
  }
}
