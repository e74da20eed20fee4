package app.mcpproxy.telemetry.collector.statistics;

import static org.assertj.core.api.Assertions.assertThat;

import app.mcpproxy.telemetry.collector.CollectorOptions;
import app.mcpproxy.telemetry.collector.TestHeartbeats;
import app.mcpproxy.telemetry.collector.storage.CollectorDatabase;
import app.mcpproxy.telemetry.collector.storage.DatabaseVendor;
import app.mcpproxy.telemetry.collector.storage.DayRollup;
import app.mcpproxy.telemetry.collector.storage.InstallDayWriter;
import app.mcpproxy.telemetry.collector.storage.ReceivedHeartbeat;
import app.mcpproxy.telemetry.testing.MutableClock;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenDayCacheTest {
  private static final String DAY = "2025-03-01";

  @TempDir Path directory;

  private final MutableClock clock = MutableClock.at("2025-03-01T10:00:00Z");
  @AutoClose private CollectorDatabase database;

  @BeforeEach
  void open() {
    database = CollectorDatabase.open(CollectorOptions.sqliteUrl(directory.resolve("c.db")));
  }

  @Test
  void foldsTheOpenDayAgainOnceItsFiguresAreTooOld() throws SQLException {
    OpenDayCache cache = new OpenDayCache(clock, Duration.ofSeconds(60));
    try (Connection connection = database.connection()) {
      store(connection);
      assertThat(installs(cache, connection)).isEqualTo(1);
      store(connection);

      assertThat(installs(cache, connection)).isEqualTo(1);
      clock.advance(Duration.ofSeconds(59));
      assertThat(installs(cache, connection)).isEqualTo(1);
      clock.advance(Duration.ofSeconds(1));
      assertThat(installs(cache, connection)).isEqualTo(2);
      store(connection);
      cache.clear();
      assertThat(installs(cache, connection)).isEqualTo(3);
    }
  }

  @Test
  void requestsArrivingTogetherShareOneFold() throws Exception {
    OpenDayCache cache = new OpenDayCache(clock, Duration.ofSeconds(60));
    try (Connection connection = database.connection()) {
      connection.setAutoCommit(false);
      for (int i = 0; i < 2_000; i++) {
        store(connection);
      }
      connection.commit();
    }
    int readers = 4;
    java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(readers);
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(readers);
    try {
      java.util.List<java.util.concurrent.Future<Long>> answers = new java.util.ArrayList<>();
      for (int i = 0; i < readers; i++) {
        answers.add(
            pool.submit(
                () -> {
                  try (Connection connection = database.connection()) {
                    together.await();
                    return installs(cache, connection);
                  }
                }));
      }
      for (java.util.concurrent.Future<Long> answer : answers) {
        assertThat(answer.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(2_000);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(cache.folds()).isEqualTo(1);
  }

  private static long installs(OpenDayCache cache, Connection connection) throws SQLException {
    return cache.get(connection, DAY).installsOf(DayRollup.ALL).getLongCardinality();
  }

  private static void store(Connection connection) throws SQLException {
    ObjectNode heartbeat =
        TestHeartbeats.complete().put("anonymous_id", UUID.randomUUID().toString());
    new InstallDayWriter(TestHeartbeats.MAPPER, DatabaseVendor.SQLITE)
        .write(
            connection, List.of(ReceivedHeartbeat.of(DAY, null, heartbeat, heartbeat.toString())));
  }
}
