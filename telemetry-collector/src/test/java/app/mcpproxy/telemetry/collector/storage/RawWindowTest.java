package app.mcpproxy.telemetry.collector.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import app.mcpproxy.telemetry.collector.OnEachDatabase;
import app.mcpproxy.telemetry.collector.TestDatabase;
import app.mcpproxy.telemetry.collector.TestHeartbeats;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class RawWindowTest extends OnEachDatabase {
  private static final LocalDate TODAY = LocalDate.parse("2025-03-10");

  @Test
  void dropsTheRawJsonOfOldDaysAndKeepsTheirNarrowRows() throws Exception {
    try (Connection connection = database.connection()) {
      RawWindow.createAhead(connection, TODAY.minusDays(5));
      RawWindow.createAhead(connection, TODAY);
      store(connection, TODAY.minusDays(5));
      store(connection, TODAY.minusDays(1));
      store(connection, TODAY);

      RawWindow.dropBefore(connection, TODAY.minusDays(1));

      assertThat(rawDays(connection)).containsExactly(TODAY.minusDays(1), TODAY);
      assertThat(count(connection, "SELECT COUNT(*) FROM install_days")).isEqualTo(3);
      if (kind == TestDatabase.Kind.POSTGRESQL) {
        assertThat(partitions(connection))
            .contains("raw_heartbeats_20250309", "raw_heartbeats_20250313")
            .doesNotContain("raw_heartbeats_20250305", "raw_heartbeats_20250308");
        assertThat(count(connection, "SELECT COUNT(*) FROM raw_heartbeats_default")).isZero();
      }
    }
  }

  @Test
  void createsTheNextDaysOnSeveralCollectorsAtOnce() throws Exception {
    assumeTrue(kind == TestDatabase.Kind.POSTGRESQL, "partitions are PostgreSQL's");
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<List<LocalDate>>> runs = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        Callable<List<LocalDate>> run =
            () -> {
              try (Connection connection = database.connection()) {
                return RawWindow.createAhead(connection, TODAY);
              }
            };
        runs.add(pool.submit(run));
      }
      for (Future<List<LocalDate>> run : runs) {
        assertThat(run.get()).isEmpty();
      }
    } finally {
      pool.shutdownNow();
    }
    try (Connection connection = database.connection()) {
      assertThat(partitions(connection))
          .containsExactlyInAnyOrder(
              "raw_heartbeats_default",
              "raw_heartbeats_20250309",
              "raw_heartbeats_20250310",
              "raw_heartbeats_20250311",
              "raw_heartbeats_20250312",
              "raw_heartbeats_20250313");
      // Every heartbeat rewrites its day's row: a day's partition leaves room for the new version.
      assertThat(
              count(
                  connection,
                  "SELECT COUNT(*) FROM pg_class WHERE relname LIKE 'raw\\_heartbeats\\_2%'"
                      + " AND relnamespace = current_schema()::regnamespace"
                      + " AND 'fillfactor=50' = ANY(reloptions)"))
          .isEqualTo(5);
    }
  }

  private static void store(Connection connection, LocalDate day) throws SQLException {
    ObjectNode heartbeat =
        TestHeartbeats.complete().put("anonymous_id", UUID.randomUUID().toString());
    new InstallDayWriter(
            TestHeartbeats.MAPPER, DatabaseVendor.of(connection.getMetaData().getURL()))
        .write(
            connection,
            List.of(ReceivedHeartbeat.of(day.toString(), null, heartbeat, heartbeat.toString())));
  }

  private static List<LocalDate> rawDays(Connection connection) throws SQLException {
    List<LocalDate> days = new ArrayList<>();
    try (PreparedStatement select =
            connection.prepareStatement("SELECT day FROM raw_heartbeats ORDER BY day");
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        days.add(LocalDate.ofEpochDay(rows.getLong(1)));
      }
    }
    return days;
  }

  private static List<String> partitions(Connection connection) throws SQLException {
    List<String> names = new ArrayList<>();
    try (PreparedStatement select =
            connection.prepareStatement(
                "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                    + " WHERE i.inhparent = 'raw_heartbeats'::regclass");
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        names.add(rows.getString(1));
      }
    }
    return names;
  }

  private static long count(Connection connection, String sql) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(sql);
        ResultSet rows = select.executeQuery()) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
