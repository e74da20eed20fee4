package app.mcpproxy.telemetry.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConcurrentlyTest {
  @Test
  void runsEveryTaskOnItsOwnThreadAllAtOnce() throws InterruptedException {
    // Each task waits for all the others: only threads running together get past the barrier.
    CyclicBarrier together = new CyclicBarrier(6);
    Set<String> threadNames = ConcurrentHashMap.newKeySet();

    List<Integer> values =
        Concurrently.call(
            6,
            thread -> {
              threadNames.add(Thread.currentThread().getName());
              together.await(10, TimeUnit.SECONDS);
              return thread * 10;
            });

    assertThat(values).containsExactly(0, 10, 20, 30, 40, 50);
    assertThat(threadNames).hasSize(6);
  }

  @Test
  void rethrowsAnUncheckedFailureAsThrown() {
    assertThatThrownBy(
            () ->
                Concurrently.run(
                    3,
                    thread -> {
                      if (thread == 1) {
                        throw new IllegalStateException("thread 1 failed");
                      }
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("thread 1 failed");
  }

  @Test
  void wrapsACheckedFailureInAnAssertionError() {
    assertThatThrownBy(
            () ->
                Concurrently.run(
                    2,
                    thread -> {
                      throw new IOException("disk gone");
                    }))
        .isInstanceOf(AssertionError.class)
        .hasRootCauseInstanceOf(IOException.class)
        .satisfies(e -> assertThat(e.getCause().getSuppressed()).hasSize(1));
  }

  @Test
  void failsAndInterruptsTasksThatOutliveTheTimeout() throws InterruptedException {
    Concurrently.Race<Boolean> race =
        Concurrently.start(
            2,
            thread -> {
              try {
                Thread.sleep(TimeUnit.MINUTES.toMillis(5));
                return false;
              } catch (InterruptedException e) {
                return true;
              }
            });

    assertThatThrownBy(() -> race.await(Duration.ofMillis(200)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("did not all finish within PT0.2S");
  }

  @Test
  void rejectsFewerThanOneThread() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Concurrently.run(0, thread -> {}))
        .withMessage("threads must be at least 1, got 0");
  }
}
