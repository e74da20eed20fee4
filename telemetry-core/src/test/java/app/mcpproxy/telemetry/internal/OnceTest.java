package app.mcpproxy.telemetry.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OnceTest {
  @Test
  void computesOnFirstGetOnly() {
    AtomicInteger runs = new AtomicInteger();
    Once<String> once = new Once<>(() -> "value-" + runs.incrementAndGet());

    assertThat(runs).hasValue(0);
    assertThat(once.get()).isEqualTo("value-1");
    assertThat(once.get()).isEqualTo("value-1");
    assertThat(runs).hasValue(1);
  }

  @Test
  void aFailedComputationIsRetriedOnTheNextGet() {
    AtomicInteger runs = new AtomicInteger();
    Once<String> once =
        new Once<>(
            () -> {
              if (runs.incrementAndGet() == 1) {
                throw new IllegalStateException("first try fails");
              }
              return "second";
            });

    assertThat(catchThrowable(once::get)).isInstanceOf(IllegalStateException.class);
    assertThat(once.get()).isEqualTo("second");
  }

  @Test
  void rejectsANullResult() {
    Once<String> once = new Once<>(() -> null);

    assertThatNullPointerException().isThrownBy(once::get).withMessage("computed value");
  }
}
