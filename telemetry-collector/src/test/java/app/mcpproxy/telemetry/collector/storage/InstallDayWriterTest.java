package app.mcpproxy.telemetry.collector.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.mcpproxy.telemetry.collector.OnEachDatabase;
import app.mcpproxy.telemetry.collector.TestHeartbeats;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class InstallDayWriterTest extends OnEachDatabase {
  private static final String DAY = "2025-03-01";

  /** Batch sizes around the lookups' padded sizes, up to past one chunk of ids. */
  private static final int[] BATCH_SIZES = {1, 2, 3, 4, 5, 9, 17, 513};

  @Test
  void aWriterThatRemembersNothingAddsEveryBatchSizeToWhatIsStored() throws SQLException {
    ObjectNode heartbeat = TestHeartbeats.complete();
    long mcp = heartbeat.path("surface_requests").path("mcp").asLong();
    Map<Integer, List<String>> installsBySize = new LinkedHashMap<>();
    for (int size : BATCH_SIZES) {
      List<String> installs = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        installs.add(UUID.randomUUID().toString());
      }
      installsBySize.put(size, installs);
      writeInOneTransaction(new InstallDayWriter(TestHeartbeats.MAPPER, kind()), installs);
    }

    // A second writer knows nothing and reads each batch's stored days back.
    InstallDayWriter fresh = new InstallDayWriter(TestHeartbeats.MAPPER, kind());
    for (List<String> installs : installsBySize.values()) {
      writeInOneTransaction(fresh, installs);
    }

    Map<String, Long> sums = mcpSums();
    installsBySize.forEach(
        (size, installs) ->
            assertThat(installs)
                .as("batch of %d", size)
                .allSatisfy(install -> assertThat(sums.get(install)).isEqualTo(2 * mcp)));
    assertThat(sums).hasSize(installsBySize.values().stream().mapToInt(List::size).sum());
  }

  @Test
  void aWriterThatRemembersAddsUpBatchAfterBatchAsItsSumsGrow() throws Exception {
    InstallDayWriter writer = new InstallDayWriter(TestHeartbeats.MAPPER, kind());
    String install = UUID.randomUUID().toString();
    long mcp = 0;
    long routes = 0;
    for (int batch = 0; batch < 30; batch++) {
      // Counts of one digit and of ten and new routes: the sums outgrow the room kept for them.
      long count = batch % 3 == 0 ? 1_000_000_000L : 1;
      ObjectNode heartbeat = TestHeartbeats.complete().put("anonymous_id", install);
      ((ObjectNode) heartbeat.path("surface_requests")).put("mcp", count);
      ((ObjectNode) heartbeat.path("rest_endpoint_calls"))
          .putObject("GET /api/v1/route" + batch % 7)
          .put("2xx", count);
      mcp += count;
      routes += count;
      commit(writer, List.of(GroupCommitWriterTest.received(DAY, heartbeat)));
    }

    assertThat(mcpSums()).containsExactly(Map.entry(install, mcp));
    JsonNode counters = TestHeartbeats.MAPPER.readTree(rawCounters());
    assertThat(counters.path("surface_requests").path("mcp").asLong()).isEqualTo(mcp);
    long routeSum = 0;
    for (int route = 0; route < 7; route++) {
      routeSum +=
          counters
              .path("rest_endpoint_calls")
              .path("GET /api/v1/route" + route)
              .path("2xx")
              .asLong();
    }
    assertThat(routeSum).isEqualTo(routes);
  }

  @Test
  void addsToADayStoredWithoutSumsByReadingItsHeartbeat() throws Exception {
    String install = UUID.randomUUID().toString();
    writeInOneTransaction(new InstallDayWriter(TestHeartbeats.MAPPER, kind()), List.of(install));
    try (Connection connection = database.connection();
        PreparedStatement clear =
            connection.prepareStatement("UPDATE raw_heartbeats SET counters = NULL")) {
      // As a collector that stored no sums for a day's first heartbeat left its rows.
      assertThat(clear.executeUpdate()).isOne();
    }

    writeInOneTransaction(new InstallDayWriter(TestHeartbeats.MAPPER, kind()), List.of(install));

    long mcp = TestHeartbeats.complete().path("surface_requests").path("mcp").asLong();
    assertThat(mcpSums()).containsExactly(Map.entry(install, 2 * mcp));
    JsonNode counters = TestHeartbeats.MAPPER.readTree(rawCounters());
    assertThat(counters.path("surface_requests").path("mcp").asLong()).isEqualTo(2 * mcp);
  }

  @Test
  void aBatchThatFailedLeavesNothingBehindForTheNextOnTheSameConnection() throws SQLException {
    InstallDayWriter writer = new InstallDayWriter(TestHeartbeats.MAPPER, kind());
    String good = UUID.randomUUID().toString();
    try (Connection connection = database.connection()) {
      connection.setAutoCommit(false);
      List<ReceivedHeartbeat> failing =
          List.of(
              heartbeatOf(UUID.randomUUID().toString()),
              GroupCommitWriterTest.withoutVersion(
                  TestHeartbeats.complete().put("anonymous_id", UUID.randomUUID().toString())));
      assertThatThrownBy(() -> writer.write(connection, failing)).isInstanceOf(SQLException.class);
      writer.rolledBack();
      connection.rollback();

      writer.write(connection, List.of(heartbeatOf(good)));
      connection.commit();
      writer.committed();
    }

    assertThat(mcpSums()).containsOnlyKeys(good);
    assertThat(rawRows()).isOne();
  }

  private DatabaseVendor kind() {
    return database.vendor();
  }

  private void writeInOneTransaction(InstallDayWriter writer, List<String> installs)
      throws SQLException {
    List<ReceivedHeartbeat> batch = new ArrayList<>();
    for (String install : installs) {
      batch.add(heartbeatOf(install));
    }
    commit(writer, batch);
  }

  private void commit(InstallDayWriter writer, List<ReceivedHeartbeat> batch) throws SQLException {
    try (Connection connection = database.connection()) {
      connection.setAutoCommit(false);
      writer.write(connection, batch);
      connection.commit();
      writer.committed();
    }
  }

  private static ReceivedHeartbeat heartbeatOf(String install) {
    return GroupCommitWriterTest.received(
        DAY, TestHeartbeats.complete().put("anonymous_id", install));
  }

  private String rawCounters() throws SQLException {
    try (Connection connection = database.connection();
        PreparedStatement select =
            connection.prepareStatement("SELECT counters FROM raw_heartbeats");
        ResultSet rows = select.executeQuery()) {
      assertThat(rows.next()).isTrue();
      String counters = rows.getString(1);
      assertThat(rows.next()).isFalse();
      return counters;
    }
  }

  private long rawRows() throws SQLException {
    try (Connection connection = database.connection();
        PreparedStatement select =
            connection.prepareStatement("SELECT COUNT(*) FROM raw_heartbeats");
        ResultSet rows = select.executeQuery()) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private Map<String, Long> mcpSums() throws SQLException {
    Map<String, Long> sums = new LinkedHashMap<>();
    try (Connection connection = database.connection();
        PreparedStatement select =
            connection.prepareStatement("SELECT anonymous_id, surface_mcp FROM heartbeats");
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        sums.put(rows.getString(1), rows.getLong(2));
      }
    }
    return sums;
  }
}
