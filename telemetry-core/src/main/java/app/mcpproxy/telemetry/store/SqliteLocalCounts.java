package app.mcpproxy.telemetry.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Counts of what telemetry kept back on this machine, such as calls on undeclared routes or entries
 * the anonymity scanner removed, by name; in table {@code local_counts}. Never sent. Each process
 * adds its own increments, so processes sharing the data directory never overwrite each other.
 */
public final class SqliteLocalCounts {
  private final SqliteConnection db;

  SqliteLocalCounts(SqliteConnection db) {
    this.db = db;
  }

  /**
   * Adds increments to the stored counts; zero and negative increments are ignored.
   *
   * @param increments increments by name
   * @throws StoreException when the database cannot be written
   */
  public void add(Map<String, Long> increments) {
    Objects.requireNonNull(increments, "increments");
    if (increments.values().stream().noneMatch(n -> n != null && n > 0)) {
      return;
    }
    db.change(
        "add local counts",
        connection -> {
          try (PreparedStatement upsert =
              connection.prepareStatement(
                  "INSERT INTO local_counts (name, count) VALUES (?, ?)"
                      + " ON CONFLICT (name) DO UPDATE SET count = count + excluded.count")) {
            for (Map.Entry<String, Long> entry : increments.entrySet()) {
              if (entry.getValue() != null && entry.getValue() > 0) {
                upsert.setString(1, entry.getKey());
                upsert.setLong(2, entry.getValue());
                upsert.addBatch();
              }
            }
            upsert.executeBatch();
          }
        });
  }

  /**
   * Reads every stored count.
   *
   * @return the counts by name, sorted; empty when nothing was ever kept back
   * @throws StoreException when the database cannot be read
   */
  public SortedMap<String, Long> read() {
    return db.read(
        "read local counts",
        connection -> {
          SortedMap<String, Long> counts = new TreeMap<>();
          try (Statement statement = connection.createStatement();
              ResultSet rows = statement.executeQuery("SELECT name, count FROM local_counts")) {
            while (rows.next()) {
              counts.put(rows.getString(1), rows.getLong(2));
            }
          }
          return Collections.unmodifiableSortedMap(counts);
        });
  }

  /**
   * Removes every stored count, as when the install is forgotten.
   *
   * @throws StoreException when the database cannot be written
   */
  public void clear() {
    db.change(
        "clear local counts",
        connection -> {
          try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM local_counts");
          }
        });
  }
}
