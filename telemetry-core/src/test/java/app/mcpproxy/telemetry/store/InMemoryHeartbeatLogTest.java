package app.mcpproxy.telemetry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import app.mcpproxy.telemetry.model.SentHeartbeat;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryHeartbeatLogTest {
  private final HeartbeatLog log = HeartbeatLog.inMemory();

  private static SentHeartbeat heartbeat(int n) {
    return new SentHeartbeat(Instant.EPOCH.plusSeconds(n), 200, null, "{}");
  }

  @Test
  void returnsEntriesNewestFirstUpToTheLimit() {
    log.append(heartbeat(1));
    log.append(heartbeat(2));
    log.append(heartbeat(3));

    assertThat(log.recent(2)).containsExactly(heartbeat(3), heartbeat(2));
  }

  @Test
  void keepsTheNewestHundred() {
    for (int n = 1; n <= 150; n++) {
      log.append(heartbeat(n));
    }

    List<SentHeartbeat> kept = log.recent(1_000);

    assertThat(kept).hasSize(100);
    assertThat(kept.get(0)).isEqualTo(heartbeat(150));
    assertThat(kept.get(99)).isEqualTo(heartbeat(51));
  }

  @Test
  void clearRemovesEverything() {
    log.append(heartbeat(1));

    log.clear();

    assertThat(log.recent(10)).isEmpty();
  }

  @Test
  void rejectsANegativeLimitAndNull() {
    assertThatIllegalArgumentException().isThrownBy(() -> log.recent(-3));
    assertThatNullPointerException().isThrownBy(() -> log.append(null));
  }
}
