package app.mcpproxy.telemetry.collector;

import app.mcpproxy.telemetry.collector.HeartbeatColumns.Column;
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
final class HeartbeatTable {
  static final String UPSERT = upsert();
  static final String ERASE_INSTALL = "DELETE FROM heartbeats WHERE anonymous_id = ?";
  private static final String OF_INSTALL =
      "SELECT day, anonymous_id, payload FROM heartbeats WHERE anonymous_id = ? ORDER BY day";

  private HeartbeatTable() {}

  static void bind(PreparedStatement statement, HeartbeatRow row) throws SQLException {
    int index = 1;
    statement.setString(index++, row.day());
    statement.setString(index++, row.anonymousId());
    List<Column> columns = HeartbeatColumns.all();
    for (int i = 0; i < columns.size(); i++) {
      columns.get(i).kind().bind(statement, index++, row.values().get(i));
    }
    statement.setString(index, row.payload());
  }

  static List<StoredHeartbeat> ofInstall(Connection connection, String anonymousId)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(OF_INSTALL)) {
      select.setString(1, anonymousId);
      try (ResultSet rows = select.executeQuery()) {
        List<StoredHeartbeat> heartbeats = new ArrayList<>();
        while (rows.next()) {
          heartbeats.add(
              new StoredHeartbeat(rows.getString(1), rows.getString(2), rows.getString(3)));
        }
        return heartbeats;
      }
    }
  }

  private static String upsert() {
    List<String> names = HeartbeatColumns.names();
    String insertColumns = "day, anonymous_id, " + String.join(", ", names) + ", payload";
    String placeholders = "?, ".repeat(names.size() + 2) + "?";
    String updates =
        names.stream().map(name -> name + " = excluded." + name).collect(Collectors.joining(", "));
    return "INSERT INTO heartbeats ("
        + insertColumns
        + ") VALUES ("
        + placeholders
        + ") ON CONFLICT (day, anonymous_id) DO UPDATE SET "
        + updates
        + ", payload = excluded.payload";
  }
}
