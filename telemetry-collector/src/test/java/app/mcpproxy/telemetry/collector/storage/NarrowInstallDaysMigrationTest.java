package app.mcpproxy.telemetry.collector.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import app.mcpproxy.telemetry.collector.TestDatabase;
import app.mcpproxy.telemetry.collector.TestHeartbeats;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(TestDatabase.Kind.class)
class NarrowInstallDaysMigrationTest {
  @Parameter TestDatabase.Kind kind;

  @TempDir Path directory;

  @AutoClose private TestDatabase testDatabase;

  @BeforeEach
  void open() throws SQLException {
    assumeTrue(kind.available(), kind.skipReason());
    testDatabase = TestDatabase.create(kind, directory);
  }

  @Test
  void rowsWrittenBeforeReadTheSameThroughTheViewAndCanBeErased() throws SQLException {
    String vendor = kind == TestDatabase.Kind.POSTGRESQL ? "postgresql" : "sqlite";
    Flyway.configure()
        .dataSource(testDatabase.jdbcUrl(), null, null)
        .locations(CollectorDatabase.MIGRATIONS, CollectorDatabase.MIGRATIONS + "-" + vendor)
        .target("3")
        .load()
        .migrate();
    String first = UUID.randomUUID().toString();
    String second = UUID.randomUUID().toString();
    ObjectNode sparse = TestHeartbeats.complete().put("anonymous_id", second);
    sparse.remove("env_kind");
    sparse.remove("autostart_enabled");
    sparse.remove("feature_flags");
    sparse.put("version", "v9.9.9-rc.1");
    List<Map<String, Object>> before;
    try (Connection connection = testDatabase.connect()) {
      insertOld(connection, "2025-02-27", TestHeartbeats.complete().put("anonymous_id", first), "");
      insertOld(
          connection, "2025-03-01", TestHeartbeats.complete().put("anonymous_id", first), null);
      insertOld(connection, "2025-03-01", sparse, "k1 k2");
      before = rows(connection);
    }

    try (CollectorDatabase database = CollectorDatabase.open(testDatabase.jdbcUrl());
        Connection connection = database.connection()) {
      assertThat(rows(connection)).isEqualTo(before);
      assertThat(before).hasSize(3);
      assertThat(before.get(0)).containsEntry("payload", "");

      connection.setAutoCommit(false);
      new InstallDayWriter(TestHeartbeats.MAPPER, database.vendor()).erase(connection, first);
      connection.commit();
      connection.setAutoCommit(true);
      assertThat(rows(connection))
          .containsExactlyElementsOf(
              before.stream().filter(row -> second.equals(row.get("anonymous_id"))).toList());
      assertThat(count(connection, "install_days")).isEqualTo(1);
      assertThat(count(connection, "raw_heartbeats")).isEqualTo(1);
    }
  }

  /** A row as the V3 schema stored it, payload {@code ""} once its raw JSON had aged out. */
  private static void insertOld(
      Connection connection, String day, ObjectNode heartbeat, String keys) throws SQLException {
    List<HeartbeatColumns.Column> columns = HeartbeatColumns.all();
    String sql =
        "INSERT INTO heartbeats (day, anonymous_id, "
            + String.join(", ", HeartbeatColumns.names())
            + ", payload, counters, idempotency_keys) VALUES ("
            + String.join(", ", Collections.nCopies(columns.size() + 5, "?"))
            + ")";
    List<Object> values = HeartbeatColumns.extract(heartbeat);
    boolean aged = "".equals(keys);
    try (PreparedStatement insert = connection.prepareStatement(sql)) {
      int index = 1;
      insert.setString(index++, day);
      insert.setString(index++, heartbeat.get("anonymous_id").asText());
      for (int i = 0; i < columns.size(); i++) {
        columns.get(i).kind().bind(insert, index++, values.get(i));
      }
      insert.setString(index++, aged ? "" : heartbeat.toString());
      insert.setString(index++, aged ? null : DayCounters.of(heartbeat).toString());
      insert.setString(index, aged ? null : keys);
      insert.executeUpdate();
    }
  }

  private static List<Map<String, Object>> rows(Connection connection) throws SQLException {
    List<Map<String, Object>> rows = new ArrayList<>();
    try (PreparedStatement select =
            connection.prepareStatement("SELECT * FROM heartbeats ORDER BY day, anonymous_id");
        ResultSet result = select.executeQuery()) {
      ResultSetMetaData metadata = result.getMetaData();
      while (result.next()) {
        Map<String, Object> row = new TreeMap<>();
        for (int i = 1; i <= metadata.getColumnCount(); i++) {
          // Compared as text: the view's numbers may come back wider than the old columns'.
          row.put(metadata.getColumnName(i).toLowerCase(Locale.ROOT), result.getString(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  private static long count(Connection connection, String table) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM " + table);
        ResultSet result = select.executeQuery()) {
      result.next();
      return result.getLong(1);
    }
  }
}
