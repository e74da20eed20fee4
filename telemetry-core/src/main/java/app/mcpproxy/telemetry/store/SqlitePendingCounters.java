package app.mcpproxy.telemetry.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/** Pending counters in the single row of table {@code pending_counters}. */
final class SqlitePendingCounters implements PendingCounters {
  private final SqliteConnection db;
  private final Clock clock;

  SqlitePendingCounters(SqliteConnection db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  @Override
  public void save(String json) {
    Objects.requireNonNull(json, "json");
    db.write(
        "save pending counters",
        connection -> {
          try (PreparedStatement upsert =
              connection.prepareStatement(
                  "INSERT INTO pending_counters (id, json, saved_at) VALUES (1, ?, ?)"
                      + " ON CONFLICT (id) DO UPDATE"
                      + " SET json = excluded.json, saved_at = excluded.saved_at")) {
            upsert.setString(1, json);
            upsert.setString(2, clock.instant().toString());
            upsert.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public Optional<String> take() {
    return db.write(
        "take pending counters",
        connection -> {
          String json;
          try (Statement statement = connection.createStatement();
              ResultSet row = statement.executeQuery("SELECT json FROM pending_counters")) {
            json = row.next() ? row.getString(1) : null;
          }
          if (json != null) {
            try (Statement delete = connection.createStatement()) {
              delete.executeUpdate("DELETE FROM pending_counters");
            }
          }
          return Optional.ofNullable(json);
        });
  }
}
