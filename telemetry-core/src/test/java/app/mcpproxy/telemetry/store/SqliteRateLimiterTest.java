package app.mcpproxy.telemetry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.mcpproxy.telemetry.feedback.RateLimiter;
import app.mcpproxy.telemetry.testing.ManualScheduledExecutor;
import app.mcpproxy.telemetry.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteRateLimiterTest {
  @TempDir Path dataDir;

  private final MutableClock clock = MutableClock.at("2025-03-01T10:00:00Z");
  private final ManualScheduledExecutor flusher = new ManualScheduledExecutor();
  private TelemetryDatabase first;
  private TelemetryDatabase second;

  @BeforeEach
  void open() {
    first = TelemetryDatabase.open(dataDir, clock, flusher);
    second = TelemetryDatabase.open(dataDir, clock, flusher);
  }

  @AfterEach
  void close() {
    first.close();
    second.close();
  }

  @Test
  void fivePerHourHoldAcrossTwoDatabaseInstances() {
    RateLimiter a = first.feedbackRateLimiter(5);
    RateLimiter b = second.feedbackRateLimiter(5);

    assertThat(a.tryAcquire()).isTrue();
    assertThat(b.tryAcquire()).isTrue();
    assertThat(a.tryAcquire()).isTrue();
    assertThat(b.tryAcquire()).isTrue();
    assertThat(b.tryAcquire()).isTrue();

    assertThat(a.tryAcquire()).isFalse();
    assertThat(b.tryAcquire()).isFalse();
  }

  @Test
  void slotsFreeAsTheHourRolls() {
    RateLimiter limiter = first.feedbackRateLimiter(5);
    for (int i = 0; i < 5; i++) {
      assertThat(limiter.tryAcquire()).isTrue();
      clock.advance(Duration.ofMinutes(10));
    }
    // Slots at +0..+40 minutes; now is +50.
    assertThat(limiter.tryAcquire()).isFalse();

    clock.advance(Duration.ofMinutes(10).minusMillis(1));
    assertThat(second.feedbackRateLimiter(5).tryAcquire()).isFalse();

    clock.advance(Duration.ofMillis(1));
    assertThat(second.feedbackRateLimiter(5).tryAcquire()).isTrue();
    assertThat(limiter.tryAcquire()).isFalse();
  }

  @Test
  void slotsStampedByAClockThatRanAheadStopCountingOnceItIsSetRight() {
    clock.advance(Duration.ofDays(1));
    RateLimiter limiter = first.feedbackRateLimiter(5);
    for (int i = 0; i < 5; i++) {
      assertThat(limiter.tryAcquire()).isTrue();
    }
    assertThat(second.feedbackRateLimiter(5).tryAcquire()).isFalse();

    clock.advance(Duration.ofDays(-1));

    for (int i = 0; i < 5; i++) {
      assertThat(second.feedbackRateLimiter(5).tryAcquire()).isTrue();
    }
    assertThat(limiter.tryAcquire()).isFalse();
  }

  @Test
  void refusedAttemptsTakeNoSlot() {
    RateLimiter limiter = first.feedbackRateLimiter(2);
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
  void slotsSurviveReopen() {
    RateLimiter limiter = first.feedbackRateLimiter(5);
    for (int i = 0; i < 5; i++) {
      limiter.tryAcquire();
    }
    first.close();

    first = TelemetryDatabase.open(dataDir, clock, flusher);

    assertThat(first.feedbackRateLimiter(5).tryAcquire()).isFalse();
  }

  @Test
  void concurrentCallersOnTwoInstancesNeverTakeMoreThanTheLimit() throws InterruptedException {
    List<RateLimiter> limiters =
        List.of(first.feedbackRateLimiter(5), second.feedbackRateLimiter(5));
    AtomicInteger granted = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 6; t++) {
      RateLimiter limiter = limiters.get(t % 2);
      threads.add(
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  return;
                }
                for (int i = 0; i < 10; i++) {
                  if (limiter.tryAcquire()) {
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
        .isThrownBy(() -> first.feedbackRateLimiter(0))
        .withMessage("maxPerHour must be at least 1, got 0");
  }

  @Test
  void failsNamingTheOperationWhenTheDatabaseIsClosed() {
    RateLimiter limiter = first.feedbackRateLimiter(5);
    first.close();

    assertThatThrownBy(limiter::tryAcquire)
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("take a feedback rate-limit slot");
  }
}
