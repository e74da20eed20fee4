package app.mcpproxy.telemetry.collector;

import app.mcpproxy.telemetry.collector.HeartbeatColumns.Column;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The SQL that writes the {@code heartbeats} table; the same text runs on SQLite and PostgreSQL.
 */
final class HeartbeatTable {
  static final String UPSERT = upsert();
  static final String ERASE_INSTALL = "DELETE FROM heartbeats WHERE anonymous_id = ?";

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
