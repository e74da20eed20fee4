package app.mcpproxy.telemetry.activation;

import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import app.mcpproxy.telemetry.testing.ActivationStoreContract;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class InMemoryActivationStoreTest extends ActivationStoreContract {
  @Override
  protected ActivationStore newStore(Clock clock) {
    return ActivationStore.inMemory(clock);
  }

  @Test
  void requiresAClock() {
    assertThatNullPointerException().isThrownBy(() -> ActivationStore.inMemory(null));
  }
}
