package app.mcpproxy.telemetry.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The tables of {@code telemetry.db} and the forward migrations that build them.
 *
 * <p>Migration {@code n} takes the schema from version {@code n - 1} to {@code n}; a database is
 * migrated in one transaction, so two processes opening it at once cannot both migrate, and a
 * failed migration leaves it as it was. A database from a newer library is refused rather than
 * guessed at.
 */
final class Schema {
  private static final List<List<String>> MIGRATIONS =
      List.of(
          List.of(
              "CREATE TABLE activation ("
                  + " id INTEGER PRIMARY KEY CHECK (id = 1),"
                  + " first_connected_server_ever INTEGER NOT NULL DEFAULT 0,"
                  + " first_mcp_client_ever INTEGER NOT NULL DEFAULT 0,"
                  + " first_retrieve_tools_call_ever INTEGER NOT NULL DEFAULT 0,"
                  + " mcp_clients_seen_ever TEXT NOT NULL DEFAULT '[]',"
                  + " retrieve_tools_window_start TEXT,"
                  + " retrieve_tools_window_count INTEGER NOT NULL DEFAULT 0,"
                  + " tokens_saved_window_start TEXT,"
                  + " tokens_saved_window_count INTEGER NOT NULL DEFAULT 0,"
                  + " installer_heartbeat_pending INTEGER)",
              "CREATE TABLE heartbeat_log ("
                  + " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                  + " sent_at TEXT NOT NULL,"
                  + " http_status INTEGER NOT NULL,"
                  + " error TEXT,"
                  + " payload TEXT NOT NULL)",
              "CREATE TABLE pending_counters ("
                  + " id INTEGER PRIMARY KEY CHECK (id = 1),"
                  + " json TEXT NOT NULL,"
                  + " saved_at TEXT NOT NULL)",
              "CREATE TABLE feedback_submissions ("
                  + " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                  + " submitted_at_millis INTEGER NOT NULL)",
              "CREATE INDEX feedback_submissions_by_time"
                  + " ON feedback_submissions (submitted_at_millis)"),
          List.of(
              "CREATE TABLE counter_outbox ("
                  + " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                  + " json TEXT NOT NULL,"
                  + " heartbeat_key TEXT,"
                  + " saved_at TEXT NOT NULL)",
              "CREATE INDEX counter_outbox_by_key ON counter_outbox (heartbeat_key)",
              "INSERT INTO counter_outbox (json, saved_at) SELECT json, saved_at FROM pending_counters",
              "DROP TABLE pending_counters"),
          List.of(
              "CREATE TABLE local_counts ("
                  + " name TEXT PRIMARY KEY,"
                  + " count INTEGER NOT NULL)"));

  /** The schema version this library writes. */
  static final int CURRENT_VERSION = MIGRATIONS.size();

  private Schema() {}

  /** Brings the database up to {@link #CURRENT_VERSION}. */
  static void migrate(SqliteConnection db) {
    db.change(
        "migrate schema",
        connection -> {
          try (Statement statement = connection.createStatement()) {
            statement.execute(
                "CREATE TABLE IF NOT EXISTS schema_version ("
                    + " id INTEGER PRIMARY KEY CHECK (id = 1),"
                    + " version INTEGER NOT NULL)");
            int version = version(connection);
            if (version > CURRENT_VERSION) {
              throw new StoreException(
                  db.file(),
                  "migrate schema",
                  "the database has schema version "
                      + version
                      + ", newer than version "
                      + CURRENT_VERSION
                      + " this library knows; use a newer mcpproxy-telemetry",
                  null);
            }
            for (int next = version + 1; next <= CURRENT_VERSION; next++) {
              for (String sql : MIGRATIONS.get(next - 1)) {
                statement.execute(sql);
              }
            }
            statement.execute(
                "INSERT INTO schema_version (id, version) VALUES (1, "
                    + CURRENT_VERSION
                    + ") ON CONFLICT (id) DO UPDATE SET version = excluded.version");
            statement.execute("INSERT OR IGNORE INTO activation (id) VALUES (1)");
          }
        });
  }

  /** Reads the schema version; 0 for a database that has none yet. */
  static int version(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT version FROM schema_version WHERE id = 1")) {
      return row.next() ? row.getInt(1) : 0;
    }
  }
}
