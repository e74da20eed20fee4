package app.mcpproxy.telemetry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import app.mcpproxy.telemetry.model.SentHeartbeat;
import app.mcpproxy.telemetry.testing.ManualScheduledExecutor;
import app.mcpproxy.telemetry.testing.MutableClock;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteHeartbeatLogTest {
  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

  @TempDir Path dataDir;

  private final MutableClock clock = new MutableClock(T0);
  private final ManualScheduledExecutor flusher = new ManualScheduledExecutor();
  private TelemetryDatabase database;
  private HeartbeatLog log;

  @BeforeEach
  void open() {
    database = TelemetryDatabase.open(dataDir, clock, flusher);
    log = database.heartbeatLog();
  }

  @AfterEach
  void close() {
    database.close();
  }

  private static SentHeartbeat heartbeat(int n) {
    return new SentHeartbeat(T0.plusSeconds(n), 200, null, "{\"n\":" + n + "}");
  }

  @Test
  void returnsEntriesNewestFirst() {
    log.append(heartbeat(1));
    log.append(heartbeat(2));
    log.append(heartbeat(3));

    assertThat(log.recent(10)).containsExactly(heartbeat(3), heartbeat(2), heartbeat(1));
    assertThat(log.recent(2)).containsExactly(heartbeat(3), heartbeat(2));
  }

  @Test
  void ordersByInsertionNotBySentTime() {
    log.append(heartbeat(5));
    log.append(heartbeat(1));

    assertThat(log.recent(1)).containsExactly(heartbeat(1));
  }

  @Test
  void keepsTheNewestHundred() throws SQLException {
    for (int n = 1; n <= 105; n++) {
      log.append(heartbeat(n));
    }

    List<SentHeartbeat> kept = log.recent(1_000);

    assertThat(kept).hasSize(HeartbeatLog.CAPACITY);
    assertThat(kept.get(0)).isEqualTo(heartbeat(105));
    assertThat(kept.get(99)).isEqualTo(heartbeat(6));
    assertThat(
            RawDatabase.query(
                dataDir.resolve(TelemetryDatabase.FILE_NAME), "SELECT COUNT(*) FROM heartbeat_log"))
        .isEqualTo("100");
  }

  @Test
  void roundTripsEveryField() {
    SentHeartbeat failed =
        new SentHeartbeat(
            Instant.parse("2025-03-01T10:00:00.123456789Z"),
            0,
            "connect timed out",
            "{\"anonymous_id\":\"x\",\"note\":\"caf\u00e9 \\u00e9\"}");

    log.append(failed);

    assertThat(log.recent(1)).containsExactly(failed);
  }

  @Test
  void survivesReopen() {
    log.append(heartbeat(1));
    database.close();

    database = TelemetryDatabase.open(dataDir, clock, flusher);

    assertThat(database.heartbeatLog().recent(5)).containsExactly(heartbeat(1));
  }

  @Test
  void clearRemovesEverything() {
    log.append(heartbeat(1));
    log.append(heartbeat(2));

    log.clear();

    assertThat(log.recent(10)).isEmpty();
  }

  @Test
  void limitZeroReturnsNothing() {
    log.append(heartbeat(1));

    assertThat(log.recent(0)).isEmpty();
  }

  @Test
  void rejectsANegativeLimit() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> log.recent(-1))
        .withMessage("limit must not be negative, got -1");
  }

  @Test
  void rejectsNull() {
    assertThatNullPointerException().isThrownBy(() -> log.append(null));
  }
}
