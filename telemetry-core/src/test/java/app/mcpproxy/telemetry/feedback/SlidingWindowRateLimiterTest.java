package app.mcpproxy.telemetry.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import app.mcpproxy.telemetry.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SlidingWindowRateLimiterTest {
  private final MutableClock clock = MutableClock.at("2025-03-01T10:00:00Z");
  private final RateLimiter limiter = RateLimiter.inMemory(5, clock);

  @Test
  void allowsFiveInAnHourAndRefusesTheSixth() {
    for (int i = 0; i < 5; i++) {
      assertThat(limiter.tryAcquire()).as("attempt %d", i + 1).isTrue();
    }

    assertThat(limiter.tryAcquire()).isFalse();
  }

  @Test
  void refusedAttemptsTakeNoSlot() {
    for (int i = 0; i < 5; i++) {
      limiter.tryAcquire();
    }
    limiter.tryAcquire();
    limiter.tryAcquire();

    clock.advance(Duration.ofHours(1));

    for (int i = 0; i < 5; i++) {
      assertThat(limiter.tryAcquire()).isTrue();
    }
  }

  @Test
  void slotsFreeOneByOneAsTheHourSlides() {
    for (int i = 0; i < 5; i++) {
      limiter.tryAcquire();
      clock.advance(Duration.ofMinutes(10));
    }
    // Slots were taken at +0, +10, +20, +30 and +40 minutes; now is +50.
    assertThat(limiter.tryAcquire()).isFalse();

    clock.advance(Duration.ofMinutes(9).plusSeconds(59));
    assertThat(limiter.tryAcquire()).isFalse();

    clock.advance(Duration.ofSeconds(1));
    assertThat(limiter.tryAcquire()).isTrue();
    assertThat(limiter.tryAcquire()).isFalse();
  }

  @Test
  void slotsStampedByAClockThatRanAheadStopCountingOnceItIsSetRight() {
    clock.advance(Duration.ofHours(3));
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
  void concurrentCallersNeverTakeMoreThanTheLimit() throws InterruptedException {
    RateLimiter shared = RateLimiter.inMemory(5, clock);
    AtomicInteger granted = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      threads.add(
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  return;
                }
                for (int i = 0; i < 50; i++) {
                  if (shared.tryAcquire()) {
                    granted.incrementAndGet();
                  }
                }
              }));
    }
    threads.forEach(Thread::start);
    start.countDown();
    for (Thread thread : threads) {
      thread.join();
    }

    assertThat(granted).hasValue(5);
  }

  @Test
  void rejectsALimitBelowOne() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RateLimiter.inMemory(0, clock))
        .withMessage("maxPerHour must be at least 1, got 0");
  }

  @Test
  void requiresAClock() {
    assertThatNullPointerException().isThrownBy(() -> RateLimiter.inMemory(5, null));
  }
}
