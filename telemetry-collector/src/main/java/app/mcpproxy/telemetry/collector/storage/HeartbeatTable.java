package app.mcpproxy.telemetry.collector.storage;

import app.mcpproxy.telemetry.collector.StoredHeartbeat;
import app.mcpproxy.telemetry.collector.storage.HeartbeatColumns.Column;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The SQL that writes the {@code heartbeats} table; the same text runs on SQLite and PostgreSQL.
 */
public final class HeartbeatTable {
  public static final String UPSERT = upsert();
  static final String ERASE_INSTALL = "DELETE FROM heartbeats WHERE anonymous_id = ?";
  private static final String OF_INSTALL =
      "SELECT day, anonymous_id, payload, counters FROM heartbeats WHERE anonymous_id = ?"
          + " ORDER BY day";

  private HeartbeatTable() {}

  public static void bind(PreparedStatement statement, HeartbeatRow row) throws SQLException {
    int index = 1;
    statement.setString(index++, row.day());
    statement.setString(index++, row.anonymousId());
    List<Column> columns = HeartbeatColumns.all();
    for (int i = 0; i < columns.size(); i++) {
      columns.get(i).kind().bind(statement, index++, row.values().get(i));
    }
    statement.setString(index++, row.payload());
    statement.setString(index++, row.counters());
    statement.setString(index, row.idempotencyKeys());
  }

  /** Reads an install's days, each as one heartbeat: the day's latest with the counters summed. */
  public static List<StoredHeartbeat> ofInstall(
      Connection connection, ObjectMapper mapper, String anonymousId) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(OF_INSTALL)) {
      select.setString(1, anonymousId);
      try (ResultSet rows = select.executeQuery()) {
        List<StoredHeartbeat> heartbeats = new ArrayList<>();
        while (rows.next()) {
          heartbeats.add(
              new StoredHeartbeat(
                  rows.getString(1),
                  rows.getString(2),
                  view(mapper, rows.getString(3), rows.getString(4))));
        }
        return heartbeats;
      }
    }
  }

  private static String view(ObjectMapper mapper, String payload, String counters)
      throws SQLException {
    if (counters == null) {
      return payload;
    }
    try {
      JsonNode latest = mapper.readTree(payload);
      JsonNode sums = mapper.readTree(counters);
      if (!(latest instanceof ObjectNode object)) {
        return payload;
      }
      return DayCounters.view(object, sums).toString();
    } catch (IOException e) {
      throw new SQLException("a stored heartbeat is not JSON", e);
    }
  }

  private static String upsert() {
    List<String> names = HeartbeatColumns.names();
    String insertColumns =
        "day, anonymous_id, " + String.join(", ", names) + ", payload, counters, idempotency_keys";
    String placeholders = "?, ".repeat(names.size() + 4) + "?";
    String updates =
        names.stream().map(name -> name + " = excluded." + name).collect(Collectors.joining(", "));
    return "INSERT INTO heartbeats ("
        + insertColumns
        + ") VALUES ("
        + placeholders
        + ") ON CONFLICT (day, anonymous_id) DO UPDATE SET "
        + updates
        + ", payload = excluded.payload, counters = excluded.counters,"
        + " idempotency_keys = excluded.idempotency_keys";
  }
}
