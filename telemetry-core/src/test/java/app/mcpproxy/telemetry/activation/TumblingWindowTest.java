package app.mcpproxy.telemetry.activation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TumblingWindowTest {
  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
  private static final Duration JUST_UNDER_A_DAY = Duration.ofHours(24).minusNanos(1);

  @Test
  void emptyWindowCountsNothingAndHasNoStart() {
    TumblingWindow empty = TumblingWindow.empty();

    assertThat(empty.start()).isNull();
    assertThat(empty.countAt(T0)).isZero();
    assertThat(empty.isOpenAt(T0)).isFalse();
  }

  @Test
  void rejectsNegativeCounts() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new TumblingWindow(T0, -1))
        .withMessageContaining("-1");
  }

  @Test
  void rejectsCountsWithoutStart() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new TumblingWindow(null, 3))
        .withMessageContaining("3");
  }

  @Nested
  class Plus {
    @Test
    void firstIncrementOpensTheWindow() {
      TumblingWindow window = TumblingWindow.empty().plus(T0, 1);

      assertThat(window).isEqualTo(new TumblingWindow(T0, 1));
    }

    @Test
    void incrementsInsideTheWindowKeepItsStart() {
      TumblingWindow window = TumblingWindow.empty().plus(T0, 1).plus(T0.plus(JUST_UNDER_A_DAY), 2);

      assertThat(window).isEqualTo(new TumblingWindow(T0, 3));
    }

    @Test
    void incrementAtTwentyFourHoursStartsANewWindow() {
      Instant dayLater = T0.plus(Duration.ofHours(24));

      TumblingWindow window = TumblingWindow.empty().plus(T0, 5).plus(dayLater, 1);

      assertThat(window).isEqualTo(new TumblingWindow(dayLater, 1));
    }

    @Test
    void newWindowStartsAtTheIncrementNotAtTheOldBoundary() {
      Instant muchLater = T0.plus(Duration.ofDays(3).plusMinutes(7));

      TumblingWindow window = TumblingWindow.empty().plus(T0, 5).plus(muchLater, 2);

      assertThat(window).isEqualTo(new TumblingWindow(muchLater, 2));
      assertThat(window.countAt(muchLater.plus(JUST_UNDER_A_DAY))).isEqualTo(2);
    }

    @Test
    void clockMovedBackBeforeTheStartOpensANewWindow() {
      Instant earlier = T0.minusSeconds(1);

      TumblingWindow window = TumblingWindow.empty().plus(T0, 5).plus(earlier, 1);

      assertThat(window).isEqualTo(new TumblingWindow(earlier, 1));
    }

    @Test
    void addingZeroChangesNothingAndOpensNoWindow() {
      TumblingWindow empty = TumblingWindow.empty();

      assertThat(empty.plus(T0, 0)).isSameAs(empty);
    }

    @Test
    void saturatesInsteadOfOverflowing() {
      TumblingWindow window = new TumblingWindow(T0, Long.MAX_VALUE - 1).plus(T0, 5);

      assertThat(window.count()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void rejectsNegativeAmounts() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> TumblingWindow.empty().plus(T0, -2))
          .withMessageContaining("-2");
    }
  }

  @Nested
  class CountAt {
    private final TumblingWindow window = new TumblingWindow(T0, 7);

    @Test
    void readsTheCountWhileTheWindowIsOpen() {
      assertThat(window.countAt(T0)).isEqualTo(7);
      assertThat(window.countAt(T0.plus(JUST_UNDER_A_DAY))).isEqualTo(7);
    }

    @Test
    void readsZeroOnceTwentyFourHoursHavePassed() {
      assertThat(window.countAt(T0.plus(Duration.ofHours(24)))).isZero();
      assertThat(window.countAt(T0.plus(Duration.ofDays(400)))).isZero();
    }

    @Test
    void readsZeroBeforeTheStart() {
      assertThat(window.countAt(T0.minusMillis(1))).isZero();
    }
  }

  @Nested
  class WithCountAt {
    @Test
    void replacesTheCountOfTheOpenWindowKeepingItsStart() {
      TumblingWindow window = new TumblingWindow(T0, 7).withCountAt(T0.plusSeconds(60), 2);

      assertThat(window).isEqualTo(new TumblingWindow(T0, 2));
    }

    @Test
    void opensAWindowAtNowWhenNoneIsOpen() {
      Instant later = T0.plus(Duration.ofDays(2));

      TumblingWindow window = new TumblingWindow(T0, 7).withCountAt(later, 4);

      assertThat(window).isEqualTo(new TumblingWindow(later, 4));
    }

    @Test
    void zeroWithoutAnOpenWindowLeavesItEmpty() {
      assertThat(TumblingWindow.empty().withCountAt(T0, 0)).isEqualTo(TumblingWindow.empty());
    }

    @Test
    void rejectsNegativeCounts() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> TumblingWindow.empty().withCountAt(T0, -5))
          .withMessageContaining("-5");
    }
  }
}
