package app.mcpproxy.telemetry.store;

import static org.assertj.core.api.Assertions.assertThat;

import app.mcpproxy.telemetry.testing.ManualScheduledExecutor;
import app.mcpproxy.telemetry.testing.MutableClock;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteLocalCountsTest {
  @TempDir Path dataDir;

  private final MutableClock clock = MutableClock.at("2025-03-01T10:00:00Z");

  private TelemetryDatabase open() {
    return TelemetryDatabase.open(dataDir, clock, new ManualScheduledExecutor());
  }

  @Test
  void isEmptyUntilSomethingIsAdded() {
    try (TelemetryDatabase db = open()) {
      assertThat(db.localCounts().read()).isEmpty();
    }
  }

  @Test
  void addsIncrementsOfEveryProcessAndIgnoresNonPositiveOnes() {
    try (TelemetryDatabase first = open();
        TelemetryDatabase second = open()) {
      first.localCounts().add(Map.of("undeclared_rest_route", 2L, "unknown_mcp_client", 0L));
      second.localCounts().add(Map.of("undeclared_rest_route", 3L, "heartbeat_blocked", -1L));
    }

    try (TelemetryDatabase reopened = open()) {
      assertThat(reopened.localCounts().read()).isEqualTo(Map.of("undeclared_rest_route", 5L));
    }
  }

  @Test
  void clearRemovesEveryCount() {
    try (TelemetryDatabase db = open()) {
      db.localCounts().add(Map.of("undeclared_doctor_check", 1L));
      db.localCounts().clear();

      assertThat(db.localCounts().read()).isEmpty();
    }
  }
}
