package app.mcpproxy.telemetry.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import app.mcpproxy.telemetry.feedback.RateLimiter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Behaviour every {@link RateLimiter} shares: at most a given number of slots in any sliding hour.
 * A test class per implementation extends it and supplies the limiter under test, which must read
 * {@link #clock()}.
 */
// Test annotations come from unnamed modules; this class never ships, so that is harmless.
@SuppressWarnings("exports")
public abstract class RateLimiterContract {
  private final MutableClock clock = MutableClock.at("2025-03-01T10:00:00Z");

  /** For subclasses. */
  protected RateLimiterContract() {}

  /**
   * Returns a limiter of the implementation under test, reading {@link #clock()}.
   *
   * @param maxPerHour the slots in any hour
   * @return the limiter
   */
  protected abstract RateLimiter newLimiter(int maxPerHour);

  /**
   * The clock the limiters under test must read; the tests move it.
   *
   * @return the clock
   */
  protected final MutableClock clock() {
    return clock;
  }

  @Test
  public void allowsTheLimitInAnHourAndRefusesTheNext() {
    RateLimiter limiter = newLimiter(5);
    for (int i = 0; i < 5; i++) {
      assertThat(limiter.tryAcquire()).as("attempt %d", i + 1).isTrue();
    }

    assertThat(limiter.tryAcquire()).isFalse();
  }

  @Test
  public void refusedAttemptsTakeNoSlot() {
    RateLimiter limiter = newLimiter(2);
    limiter.tryAcquire();
    limiter.tryAcquire();
    for (int i = 0; i < 10; i++) {
      limiter.tryAcquire();
    }

    clock.advance(Duration.ofHours(1));

    assertThat(limiter.tryAcquire()).isTrue();
    assertThat(limiter.tryAcquire()).isTrue();
    assertThat(limiter.tryAcquire()).isFalse();
  }

  @Test
  public void slotsFreeOneByOneAsTheHourSlides() {
    RateLimiter limiter = newLimiter(5);
    for (int i = 0; i < 5; i++) {
      assertThat(limiter.tryAcquire()).isTrue();
      clock.advance(Duration.ofMinutes(10));
    }
    // Slots were taken at +0, +10, +20, +30 and +40 minutes; now is +50.
    assertThat(limiter.tryAcquire()).isFalse();

    clock.advance(Duration.ofMinutes(10).minusMillis(1));
    assertThat(limiter.tryAcquire()).isFalse();

    clock.advance(Duration.ofMillis(1));
    assertThat(limiter.tryAcquire()).isTrue();
    assertThat(limiter.tryAcquire()).isFalse();
  }

  @Test
  public void slotsStampedByAClockThatRanAheadStopCountingOnceItIsSetRight() {
    clock.advance(Duration.ofHours(3));
    RateLimiter limiter = newLimiter(5);
    for (int i = 0; i < 5; i++) {
      assertThat(limiter.tryAcquire()).isTrue();
    }
    assertThat(limiter.tryAcquire()).isFalse();

    clock.advance(Duration.ofHours(-3));

    for (int i = 0; i < 5; i++) {
      assertThat(limiter.tryAcquire()).isTrue();
    }
    assertThat(limiter.tryAcquire()).isFalse();
  }

  @Test
  public void concurrentCallersNeverTakeMoreThanTheLimit() throws InterruptedException {
    RateLimiter shared = newLimiter(5);
    AtomicInteger granted = new AtomicInteger();

    Concurrently.run(
        8,
        thread -> {
          for (int i = 0; i < 50; i++) {
            if (shared.tryAcquire()) {
              granted.incrementAndGet();
            }
          }
        });

    assertThat(granted).hasValue(5);
  }

  @Test
  public void rejectsALimitBelowOne() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> newLimiter(0))
        .withMessage("maxPerHour must be at least 1, got 0");
  }
}
