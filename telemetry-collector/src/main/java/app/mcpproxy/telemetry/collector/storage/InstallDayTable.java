package app.mcpproxy.telemetry.collector.storage;

import app.mcpproxy.telemetry.collector.storage.HeartbeatColumns.Column;
import app.mcpproxy.telemetry.collector.storage.HeartbeatColumns.Kind;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * How an install-day is kept in narrow columns ({@code install_days}) and its raw JSON apart
 * ({@code raw_heartbeats}); the same SQL runs on SQLite and PostgreSQL. A row is keyed by the
 * install's integer id and the day as days since 1970-01-01; a text value is the code of its
 * dictionary entry; the nullable flags are packed two bits each into {@code flags} (bit 2i: the
 * flag was reported, bit 2i+1: it was true); a counter that is zero is NULL.
 */
public final class InstallDayTable {
  private static final List<Column> STORED =
      HeartbeatColumns.all().stream().filter(c -> c.kind() != Kind.FLAG).toList();
  private static final List<String> FLAGS =
      HeartbeatColumns.all().stream().filter(c -> c.kind() == Kind.FLAG).map(Column::name).toList();

  static final String UPSERT = upsert();
  static final String UPSERT_RAW =
      "INSERT INTO raw_heartbeats (day, install, payload, counters, idempotency_keys)"
          + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (day, install) DO UPDATE SET"
          + " payload = excluded.payload, counters = excluded.counters,"
          + " idempotency_keys = excluded.idempotency_keys";

  private InstallDayTable() {}

  /**
   * The SQL expression that reads a column of {@link HeartbeatColumns} back from an install-day row
   * aliased {@code d}: a text value decoded, a flag as 1, 0 or NULL, a counter as 0 when NULL.
   *
   * @param column a column name of {@link HeartbeatColumns}
   * @return the expression
   */
  public static String decoded(String column) {
    int flag = FLAGS.indexOf(column);
    if (flag >= 0) {
      return "CASE WHEN (d.flags >> "
          + 2 * flag
          + ") & 1 = 0 THEN NULL ELSE (d.flags >> "
          + (2 * flag + 1)
          + ") & 1 END";
    }
    Column stored =
        STORED.stream()
            .filter(c -> c.name().equals(column))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no column " + column));
    if (stored.kind() == Kind.TEXT) {
      return "(SELECT value FROM dictionary WHERE code = d." + column + ")";
    }
    return stored.counter() ? "COALESCE(d." + column + ", 0)" : "d." + column;
  }

  /** The text values of a row's columns that need a dictionary code. */
  static List<String> texts(List<Object> values) {
    List<String> texts = new ArrayList<>();
    List<Column> all = HeartbeatColumns.all();
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).kind() == Kind.TEXT && values.get(i) != null) {
        texts.add((String) values.get(i));
      }
    }
    return texts;
  }

  /**
   * Binds one install-day to {@link #UPSERT}.
   *
   * @param statement the statement
   * @param day days since 1970-01-01
   * @param install the install's integer id
   * @param values the column values, in the order of {@link HeartbeatColumns#all()}
   * @param dictionary codes for every text value
   * @throws SQLException when binding fails
   */
  static void bind(
      PreparedStatement statement,
      long day,
      int install,
      List<Object> values,
      Dictionary dictionary)
      throws SQLException {
    int index = 1;
    statement.setLong(index++, day);
    statement.setInt(index++, install);
    long flags = 0;
    int flag = 0;
    List<Column> all = HeartbeatColumns.all();
    for (int i = 0; i < all.size(); i++) {
      Column column = all.get(i);
      Object value = values.get(i);
      switch (column.kind()) {
        case FLAG -> {
          if (value != null) {
            flags |= ((Integer) value == 1 ? 3L : 1L) << (2 * flag);
          }
          flag++;
        }
        case TEXT -> {
          if (value == null) {
            statement.setNull(index++, Types.INTEGER);
          } else {
            statement.setInt(index++, dictionary.code((String) value));
          }
        }
        case INTEGER -> statement.setInt(index++, (Integer) Objects.requireNonNull(value));
        case BIGINT -> {
          long number = (Long) Objects.requireNonNull(value);
          if (column.counter() && number == 0) {
            statement.setNull(index++, Types.BIGINT);
          } else {
            statement.setLong(index++, number);
          }
        }
      }
    }
    statement.setLong(index, flags);
  }

  private static String upsert() {
    List<String> names = STORED.stream().map(Column::name).collect(Collectors.toList());
    names.add("flags");
    return "INSERT INTO install_days (day, install, "
        + String.join(", ", names)
        + ") VALUES ("
        + "?, ".repeat(names.size() + 1)
        + "?) ON CONFLICT (install, day) DO UPDATE SET "
        + names.stream().map(n -> n + " = excluded." + n).collect(Collectors.joining(", "));
  }
}
