package app.mcpproxy.telemetry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.junit.jupiter.api.Test;

class InMemoryPendingCountersTest {
  private final PendingCounters pending = PendingCounters.inMemory();

  @Test
  void takeReturnsTheLatestSaveOnce() {
    assertThat(pending.take()).isEmpty();

    pending.save("{\"a\":1}");
    pending.save("{\"b\":2}");

    assertThat(pending.take()).contains("{\"b\":2}");
    assertThat(pending.take()).isEmpty();
  }

  @Test
  void rejectsNull() {
    assertThatNullPointerException().isThrownBy(() -> pending.save(null));
  }
}
