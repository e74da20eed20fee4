package app.mcpproxy.telemetry.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class MutableClockTest {
  @Test
  void movesOnlyWhenTheTestMovesIt() {
    MutableClock clock = MutableClock.at("2025-03-01T10:00:00Z");

    assertThat(clock.instant()).isEqualTo(Instant.parse("2025-03-01T10:00:00Z"));
    clock.advance(Duration.ofMinutes(90));
    assertThat(clock.instant()).isEqualTo(Instant.parse("2025-03-01T11:30:00Z"));
    clock.advance(Duration.ofHours(-2));
    assertThat(clock.instant()).isEqualTo(Instant.parse("2025-03-01T09:30:00Z"));
    clock.set(Instant.parse("2030-01-01T00:00:00Z"));
    assertThat(clock.millis()).isEqualTo(Instant.parse("2030-01-01T00:00:00Z").toEpochMilli());
    assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
  }
}
