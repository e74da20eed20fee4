package app.mcpproxy.telemetry.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import app.mcpproxy.telemetry.service.RetrySchedule.Outcome;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryScheduleTest {
  private static final Duration DAY = Duration.ofHours(24);

  /** A jitter draw of 0.5 means no jitter; 0 the lowest, just under 1 the highest. */
  private static RetrySchedule schedule(double draw) {
    return RetrySchedule.withInterval(DAY, () -> draw);
  }

  @Nested
  class AfterSuccess {
    @Test
    void waitsAWholeInterval() {
      assertThat(schedule(0.0).nextDelay(Outcome.SUCCESS, 0, Optional.empty())).isEqualTo(DAY);
    }

    @Test
    void ignoresRetryAfterAndFailureCount() {
      assertThat(schedule(0.9).nextDelay(Outcome.SUCCESS, 5, Optional.of(Duration.ofMinutes(3))))
          .isEqualTo(DAY);
    }

    @Test
    void skippedHeartbeatAlsoWaitsAWholeInterval() {
      assertThat(schedule(0.5).nextDelay(Outcome.SKIPPED, 0, Optional.empty())).isEqualTo(DAY);
    }
  }

  @Nested
  class AfterFailure {
    @ParameterizedTest(name = "failure {0} -> {1}")
    @CsvSource({
      "0, PT1M",
      "1, PT1M",
      "2, PT2M",
      "3, PT4M",
      "4, PT8M",
      "5, PT16M",
      "6, PT32M",
      "7, PT1H",
      "8, PT1H",
      "1000, PT1H",
      "2147483647, PT1H"
    })
    void doublesFromOneMinuteUpToOneHourWithoutJitterAtTheMidpoint(
        int failures, Duration expected) {
      assertThat(schedule(0.5).nextDelay(Outcome.FAILURE, failures, Optional.empty()))
          .isEqualTo(expected);
    }

    @ParameterizedTest(name = "draw {0} after {1} failures -> {2}")
    @CsvSource({
      "0.0, 1, PT48S",
      "0.25, 1, PT54S",
      "0.75, 1, PT66S",
      "0.0, 3, PT3M12S",
      "0.0, 9, PT48M",
      "0.999999, 9, PT1H11M59.999S"
    })
    void jitterSpreadsTheDelayByTwentyPercent(double draw, int failures, String expected) {
      Duration delay = schedule(draw).nextDelay(Outcome.FAILURE, failures, Optional.empty());

      assertThat(delay).isCloseTo(Duration.parse(expected), Duration.ofMillis(10));
    }

    @Test
    void jitterStaysWithinBoundsForEveryDraw() {
      for (int i = 0; i < 1000; i++) {
        double draw = i / 1000.0;
        Duration delay = schedule(draw).nextDelay(Outcome.FAILURE, 2, Optional.empty());
        assertThat(delay).isBetween(Duration.ofSeconds(96), Duration.ofSeconds(144));
      }
    }

    @Test
    void neverWaitsLongerThanTheInterval() {
      RetrySchedule shortInterval = RetrySchedule.withInterval(Duration.ofMinutes(5), () -> 0.99);

      assertThat(shortInterval.nextDelay(Outcome.FAILURE, 10, Optional.empty()))
          .isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void neverWaitsLessThanOneSecond() {
      RetrySchedule tiny = RetrySchedule.withInterval(Duration.ofMillis(10), () -> 0.0);

      assertThat(tiny.nextDelay(Outcome.FAILURE, 1, Optional.empty()))
          .isEqualTo(Duration.ofSeconds(1));
      assertThat(tiny.nextDelay(Outcome.SUCCESS, 0, Optional.empty()))
          .isEqualTo(Duration.ofSeconds(1));
    }
  }

  @Nested
  class RetryAfterHeader {
    @Test
    void longerRetryAfterWins() {
      assertThat(schedule(0.5).nextDelay(Outcome.FAILURE, 1, Optional.of(Duration.ofMinutes(30))))
          .isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void shorterRetryAfterDoesNotShortenTheBackoff() {
      assertThat(schedule(0.5).nextDelay(Outcome.FAILURE, 3, Optional.of(Duration.ofSeconds(5))))
          .isEqualTo(Duration.ofMinutes(4));
    }

    @Test
    void retryAfterIsCappedAtTheInterval() {
      assertThat(schedule(0.5).nextDelay(Outcome.FAILURE, 1, Optional.of(Duration.ofDays(30))))
          .isEqualTo(DAY);
    }

    @Test
    void zeroRetryAfterFallsBackToBackoff() {
      assertThat(schedule(0.5).nextDelay(Outcome.FAILURE, 1, Optional.of(Duration.ZERO)))
          .isEqualTo(Duration.ofMinutes(1));
    }
  }

  @Nested
  class Validation {
    @Test
    void rejectsNonPositiveInterval() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> RetrySchedule.withInterval(Duration.ZERO, () -> 0.5))
          .withMessageContaining("PT0S");
      assertThatIllegalArgumentException()
          .isThrownBy(() -> RetrySchedule.withInterval(Duration.ofSeconds(-1), () -> 0.5))
          .withMessageContaining("PT-1S");
    }

    @Test
    void rejectsARandomSourceOutsideTheUnitInterval() {
      assertThatIllegalStateException()
          .isThrownBy(() -> schedule(1.0).nextDelay(Outcome.FAILURE, 1, Optional.empty()))
          .withMessageContaining("1.0");
    }
  }
}
