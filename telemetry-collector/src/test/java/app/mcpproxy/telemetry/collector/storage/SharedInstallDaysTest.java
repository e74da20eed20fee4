package app.mcpproxy.telemetry.collector.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import app.mcpproxy.telemetry.collector.TestDatabase;
import app.mcpproxy.telemetry.collector.TestHeartbeats;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Install-day writers of two collectors on one PostgreSQL: each remembers what it wrote, and a
 * write over rows the other changed since (merged into, erased) is merged from what is stored.
 */
class SharedInstallDaysTest {
  private static final String DAY = "2025-03-01";
  private static final String INSTALL = TestHeartbeats.INSTALL;

  @TempDir Path directory;

  private final List<TestDatabase> testDatabases = new ArrayList<>();
  private final List<CollectorDatabase> databases = new ArrayList<>();

  @BeforeEach
  void requirePostgres() {
    assumeTrue(TestDatabase.Kind.POSTGRESQL.available(), TestDatabase.Kind.POSTGRESQL.skipReason());
  }

  @AfterEach
  void close() throws SQLException {
    databases.forEach(CollectorDatabase::close);
    for (TestDatabase database : testDatabases) {
      database.close();
    }
  }

  @Test
  void mergesWhatAnotherCollectorWroteSinceItsOwnLastWrite() throws Exception {
    CollectorDatabase database = open();
    InstallDayWriter a = writer();
    InstallDayWriter b = writer();

    commit(database, a, heartbeat("k1", 5));
    commit(database, b, heartbeat("k2", 7));
    commit(database, a, heartbeat("k3", 11));
    // A retry of what the other collector applied, then of what this one applied.
    commit(database, a, heartbeat("k2", 7));
    commit(database, b, heartbeat("k3", 11));
    commit(database, b, heartbeat("k4", 13));
    commit(database, a, heartbeat("k5", 17));

    try (Connection connection = database.connection()) {
      assertThat(
              query(
                  connection,
                  "SELECT d.surface_mcp || ' ' || r.idempotency_keys FROM install_days d"
                      + " JOIN raw_heartbeats r ON r.day = d.day AND r.install = d.install"))
          .containsExactly("53 k1 k2 k3 k4 k5");
      assertThat(query(connection, "SELECT anonymous_id FROM install_ids"))
          .containsExactly(INSTALL);
    }
  }

  @Test
  void writesNoRowUnderTheIdOfAnInstallAnotherCollectorErased() throws Exception {
    CollectorDatabase database = open();
    InstallDayWriter a = writer();
    InstallDayWriter b = writer();
    commit(database, a, heartbeat("k1", 5));

    try (Connection connection = database.connection()) {
      connection.setAutoCommit(false);
      b.erase(connection, INSTALL);
      connection.commit();
      b.committed();
    }
    // The retry of the erased heartbeat counts again, as after a restart of this collector.
    commit(database, a, heartbeat("k1", 5));
    commit(database, a, heartbeat("k2", 7));

    try (Connection connection = database.connection()) {
      assertThat(
              query(
                  connection,
                  "SELECT i.anonymous_id || ' ' || d.surface_mcp || ' ' || r.idempotency_keys"
                      + " FROM install_days d"
                      + " LEFT JOIN install_ids i ON i.id = d.install"
                      + " LEFT JOIN raw_heartbeats r ON r.day = d.day AND r.install = d.install"))
          .containsExactly(INSTALL + " 12 k1 k2");
    }
  }

  @Test
  void locksOfCollectorsInOtherSchemasOfTheDatabaseDoNotHoldItUp() throws Exception {
    CollectorDatabase first = open();
    CollectorDatabase second = open();
    try (Connection holder = first.connection();
        Connection other = second.connection();
        Connection same = first.connection()) {
      holder.setAutoCommit(false);
      writer().write(holder, List.of(heartbeat("k1", 5)));
      // The holder's transaction keeps the install's lock while it is open.

      other.setAutoCommit(false);
      execute(other, "SET lock_timeout = '5s'");
      writer().write(other, List.of(heartbeat("k1", 5)));
      other.commit();

      same.setAutoCommit(false);
      execute(same, "SET lock_timeout = '200ms'");
      assertThatThrownBy(() -> writer().write(same, List.of(heartbeat("k1", 5))))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("lock timeout");
      same.rollback();
      holder.commit();
    }
  }

  private CollectorDatabase open() throws SQLException {
    TestDatabase testDatabase = TestDatabase.create(TestDatabase.Kind.POSTGRESQL, directory);
    testDatabases.add(testDatabase);
    CollectorDatabase database = CollectorDatabase.open(testDatabase.jdbcUrl());
    databases.add(database);
    return database;
  }

  private static InstallDayWriter writer() {
    return new InstallDayWriter(TestHeartbeats.MAPPER, DatabaseVendor.POSTGRESQL);
  }

  private static ReceivedHeartbeat heartbeat(String key, int mcpRequests) {
    ObjectNode heartbeat = TestHeartbeats.complete();
    ((ObjectNode) heartbeat.get("surface_requests")).put("mcp", mcpRequests);
    return ReceivedHeartbeat.of(DAY, key, heartbeat, heartbeat.toString());
  }

  private static void commit(
      CollectorDatabase database, InstallDayWriter writer, ReceivedHeartbeat heartbeat)
      throws SQLException {
    try (Connection connection = database.connection()) {
      connection.setAutoCommit(false);
      writer.write(connection, List.of(heartbeat));
      connection.commit();
      writer.committed();
    }
  }

  private static List<String> query(Connection connection, String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(sql);
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        values.add(rows.getString(1));
      }
    }
    return values;
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
