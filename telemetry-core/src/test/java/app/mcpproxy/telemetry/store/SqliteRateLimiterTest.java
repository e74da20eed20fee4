package app.mcpproxy.telemetry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.mcpproxy.telemetry.feedback.RateLimiter;
import app.mcpproxy.telemetry.testing.Concurrently;
import app.mcpproxy.telemetry.testing.ManualScheduledExecutor;
import app.mcpproxy.telemetry.testing.RateLimiterContract;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteRateLimiterTest extends RateLimiterContract {
  @TempDir Path dataDir;

  private final ManualScheduledExecutor flusher = new ManualScheduledExecutor();
  private TelemetryDatabase first;
  private TelemetryDatabase second;

  @BeforeEach
  void open() {
    first = TelemetryDatabase.open(dataDir, clock(), flusher);
    second = TelemetryDatabase.open(dataDir, clock(), flusher);
  }

  @AfterEach
  void close() {
    first.close();
    second.close();
  }

  @Override
  protected RateLimiter newLimiter(int maxPerHour) {
    return first.feedbackRateLimiter(maxPerHour);
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
  void slotsFreeAsTheHourRollsForEveryInstance() {
    RateLimiter limiter = first.feedbackRateLimiter(5);
    for (int i = 0; i < 5; i++) {
      assertThat(limiter.tryAcquire()).isTrue();
      clock().advance(Duration.ofMinutes(10));
    }
    // Slots at +0..+40 minutes; now is +50.
    assertThat(limiter.tryAcquire()).isFalse();

    clock().advance(Duration.ofMinutes(10).minusMillis(1));
    assertThat(second.feedbackRateLimiter(5).tryAcquire()).isFalse();

    clock().advance(Duration.ofMillis(1));
    assertThat(second.feedbackRateLimiter(5).tryAcquire()).isTrue();
    assertThat(limiter.tryAcquire()).isFalse();
  }

  @Test
  void slotsStampedByAClockThatRanAheadStopCountingForEveryInstanceOnceItIsSetRight() {
    clock().advance(Duration.ofDays(1));
    RateLimiter limiter = first.feedbackRateLimiter(5);
    for (int i = 0; i < 5; i++) {
      assertThat(limiter.tryAcquire()).isTrue();
    }
    assertThat(second.feedbackRateLimiter(5).tryAcquire()).isFalse();

    clock().advance(Duration.ofDays(-1));

    for (int i = 0; i < 5; i++) {
      assertThat(second.feedbackRateLimiter(5).tryAcquire()).isTrue();
    }
    assertThat(limiter.tryAcquire()).isFalse();
  }

  @Test
  void slotsSurviveReopen() {
    RateLimiter limiter = first.feedbackRateLimiter(5);
    for (int i = 0; i < 5; i++) {
      limiter.tryAcquire();
    }
    first.close();

    first = TelemetryDatabase.open(dataDir, clock(), flusher);

    assertThat(first.feedbackRateLimiter(5).tryAcquire()).isFalse();
  }

  @Test
  void concurrentCallersOnTwoInstancesNeverTakeMoreThanTheLimit() throws InterruptedException {
    List<RateLimiter> limiters =
        List.of(first.feedbackRateLimiter(5), second.feedbackRateLimiter(5));
    AtomicInteger granted = new AtomicInteger();

    Concurrently.run(
        6,
        thread -> {
          RateLimiter limiter = limiters.get(thread % 2);
          for (int i = 0; i < 10; i++) {
            if (limiter.tryAcquire()) {
              granted.incrementAndGet();
            }
          }
        });

    assertThat(granted).hasValue(5);
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
