package app.mcpproxy.telemetry.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BinaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The outbox in table {@code counter_outbox}: at most one unclaimed row, which every process adds
 * its counts to, and the rows of claims not yet acknowledged.
 */
final class SqliteCounterOutbox implements CounterOutbox {
  private final SqliteConnection db;
  private final Clock clock;

  SqliteCounterOutbox(SqliteConnection db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  @Override
  public void add(String json, BinaryOperator<String> merge) {
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(merge, "merge");
    db.change(
        "add counters to the outbox",
        c -> {
          long id = -1;
          String held = null;
          try (PreparedStatement find =
                  c.prepareStatement(
                      "SELECT id, json FROM counter_outbox WHERE heartbeat_key IS NULL"
                          + " ORDER BY id LIMIT 1");
              ResultSet row = find.executeQuery()) {
            if (row.next()) {
              id = row.getLong(1);
              held = row.getString(2);
            }
          }
          if (held == null) {
            insert(c, null, json);
          } else {
            try (PreparedStatement update =
                c.prepareStatement(
                    "UPDATE counter_outbox SET json = ?, saved_at = ? WHERE id = ?")) {
              update.setString(1, merge.apply(held, json));
              update.setString(2, clock.instant().toString());
              update.setLong(3, id);
              update.executeUpdate();
            }
          }
        });
  }

  @Override
  public void addClaimed(String key, String json) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(json, "json");
    db.write("add sent counters to the outbox", c -> insert(c, key, json));
  }

  @Override
  public Optional<Claim> claim(String newKey) {
    Objects.requireNonNull(newKey, "newKey");
    return db.write(
        "claim counters from the outbox",
        c -> {
          String key = null;
          try (PreparedStatement oldest =
                  c.prepareStatement(
                      "SELECT heartbeat_key FROM counter_outbox WHERE heartbeat_key IS NOT NULL"
                          + " ORDER BY id LIMIT 1");
              ResultSet row = oldest.executeQuery()) {
            if (row.next()) {
              key = row.getString(1);
            }
          }
          if (key == null) {
            try (PreparedStatement claim =
                c.prepareStatement(
                    "UPDATE counter_outbox SET heartbeat_key = ? WHERE heartbeat_key IS NULL")) {
              claim.setString(1, newKey);
              if (claim.executeUpdate() == 0) {
                return Optional.<Claim>empty();
              }
            }
            key = newKey;
          }
          List<String> batches = new ArrayList<>();
          try (PreparedStatement read =
              c.prepareStatement(
                  "SELECT json FROM counter_outbox WHERE heartbeat_key = ? ORDER BY id")) {
            read.setString(1, key);
            try (ResultSet rows = read.executeQuery()) {
              while (rows.next()) {
                batches.add(rows.getString(1));
              }
            }
          }
          return Optional.of(new Claim(key, batches));
        });
  }

  @Override
  public void replaceClaimed(String key, String json) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(json, "json");
    db.write(
        "replace claimed counters in the outbox",
        c -> {
          try (PreparedStatement delete =
              c.prepareStatement("DELETE FROM counter_outbox WHERE heartbeat_key = ?")) {
            delete.setString(1, key);
            delete.executeUpdate();
          }
          return insert(c, key, json);
        });
  }

  @Override
  public void deleteAll() {
    db.change(
        "delete every batch of the outbox",
        c -> {
          try (PreparedStatement delete = c.prepareStatement("DELETE FROM counter_outbox")) {
            delete.executeUpdate();
          }
        });
  }

  @Override
  public void delete(String key) {
    Objects.requireNonNull(key, "key");
    db.change(
        "delete acknowledged counters from the outbox",
        c -> {
          try (PreparedStatement delete =
              c.prepareStatement("DELETE FROM counter_outbox WHERE heartbeat_key = ?")) {
            delete.setString(1, key);
            delete.executeUpdate();
          }
        });
  }

  @Override
  public List<Batch> batches() {
    return db.read(
        "read the outbox",
        c -> {
          List<Batch> batches = new ArrayList<>();
          try (PreparedStatement read =
                  c.prepareStatement("SELECT heartbeat_key, json FROM counter_outbox ORDER BY id");
              ResultSet rows = read.executeQuery()) {
            while (rows.next()) {
              batches.add(new Batch(Optional.ofNullable(rows.getString(1)), rows.getString(2)));
            }
          }
          return batches;
        });
  }

  /** Inserts batches as they were in another database, keys and all. */
  void restore(List<Batch> batches) {
    if (batches.isEmpty()) {
      return;
    }
    db.change(
        "restore the outbox",
        c -> {
          for (Batch batch : batches) {
            insert(c, batch.key().orElse(null), batch.json());
          }
        });
  }

  private Void insert(Connection c, @Nullable String key, String json) throws SQLException {
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO counter_outbox (json, heartbeat_key, saved_at) VALUES (?, ?, ?)")) {
      insert.setString(1, json);
      insert.setString(2, key);
      insert.setString(3, clock.instant().toString());
      insert.executeUpdate();
    }
    return null;
  }
}
