package app.mcpproxy.telemetry.store;

import app.mcpproxy.telemetry.model.SentHeartbeat;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The heartbeat log in table {@code heartbeat_log}; entries are ordered by insertion. */
final class SqliteHeartbeatLog implements HeartbeatLog {
  private final SqliteConnection db;

  SqliteHeartbeatLog(SqliteConnection db) {
    this.db = db;
  }

  @Override
  public void append(SentHeartbeat heartbeat) {
    Objects.requireNonNull(heartbeat, "heartbeat");
    db.change(
        "append to heartbeat log",
        connection -> {
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO heartbeat_log (sent_at, http_status, error, payload)"
                      + " VALUES (?, ?, ?, ?)")) {
            insert.setString(1, heartbeat.sentAt().toString());
            insert.setInt(2, heartbeat.httpStatus());
            insert.setString(3, heartbeat.error());
            insert.setString(4, heartbeat.payload());
            insert.executeUpdate();
          }
          try (Statement trim = connection.createStatement()) {
            trim.executeUpdate(
                "DELETE FROM heartbeat_log WHERE id <= (SELECT id FROM heartbeat_log"
                    + " ORDER BY id DESC LIMIT 1 OFFSET "
                    + CAPACITY
                    + ")");
          }
        });
  }

  @Override
  public List<SentHeartbeat> recent(int limit) {
    Limits.requireNotNegative(limit);
    if (limit == 0) {
      return List.of();
    }
    return db.read(
        "read heartbeat log",
        connection -> {
          try (PreparedStatement query =
              connection.prepareStatement(
                  "SELECT sent_at, http_status, error, payload FROM heartbeat_log"
                      + " ORDER BY id DESC LIMIT ?")) {
            query.setInt(1, limit);
            List<SentHeartbeat> entries = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
              while (rows.next()) {
                entries.add(
                    new SentHeartbeat(
                        Columns.requiredInstant("sent_at", rows.getString(1)),
                        rows.getInt(2),
                        rows.getString(3),
                        rows.getString(4)));
              }
            }
            return List.copyOf(entries);
          }
        });
  }

  @Override
  public void clear() {
    db.change(
        "clear heartbeat log",
        connection -> {
          try (Statement delete = connection.createStatement()) {
            delete.executeUpdate("DELETE FROM heartbeat_log");
          }
        });
  }
}
