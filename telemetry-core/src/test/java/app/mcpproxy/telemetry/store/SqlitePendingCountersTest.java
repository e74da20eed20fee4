package app.mcpproxy.telemetry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import app.mcpproxy.telemetry.testing.ManualScheduledExecutor;
import app.mcpproxy.telemetry.testing.MutableClock;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqlitePendingCountersTest {
  @TempDir Path dataDir;

  private final MutableClock clock = MutableClock.at("2025-03-01T10:00:00Z");
  private final ManualScheduledExecutor flusher = new ManualScheduledExecutor();
  private TelemetryDatabase database;
  private PendingCounters pending;

  @BeforeEach
  void open() {
    database = TelemetryDatabase.open(dataDir, clock, flusher);
    pending = database.pendingCounters();
  }

  @AfterEach
  void close() {
    database.close();
  }

  @Test
  void takeIsEmptyWhenNothingWasSaved() {
    assertThat(pending.take()).isEmpty();
  }

  @Test
  void takeReturnsTheSavedCountersOnce() {
    pending.save("{\"upstream_tool_calls\":3}");

    assertThat(pending.take()).contains("{\"upstream_tool_calls\":3}");
    assertThat(pending.take()).isEmpty();
  }

  @Test
  void saveReplacesWhatWasSavedBefore() throws SQLException {
    pending.save("{\"a\":1}");
    pending.save("{\"b\":2}");

    assertThat(
            RawDatabase.query(
                dataDir.resolve(TelemetryDatabase.FILE_NAME),
                "SELECT COUNT(*) FROM pending_counters"))
        .isEqualTo("1");
    assertThat(pending.take()).contains("{\"b\":2}");
  }

  @Test
  void recordsWhenTheCountersWereSaved() throws SQLException {
    pending.save("{}");

    assertThat(
            RawDatabase.query(
                dataDir.resolve(TelemetryDatabase.FILE_NAME),
                "SELECT saved_at FROM pending_counters"))
        .isEqualTo("2025-03-01T10:00:00Z");
  }

  @Test
  void survivesReopen() {
    pending.save("{\"a\":1}");
    database.close();

    database = TelemetryDatabase.open(dataDir, clock, flusher);

    assertThat(database.pendingCounters().take()).contains("{\"a\":1}");
  }

  @Test
  void onlyOneOfTwoInstancesTakesTheCounters() {
    pending.save("{\"a\":1}");
    try (TelemetryDatabase other = TelemetryDatabase.open(dataDir, clock, flusher)) {
      Optional<String> first = other.pendingCounters().take();
      Optional<String> second = pending.take();

      assertThat(first).contains("{\"a\":1}");
      assertThat(second).isEmpty();
    }
  }

  @Test
  void rejectsNull() {
    assertThatNullPointerException().isThrownBy(() -> pending.save(null));
  }
}
