package app.mcpproxy.telemetry.collector.storage;

import app.mcpproxy.telemetry.collector.storage.HeartbeatColumns.Column;
import app.mcpproxy.telemetry.collector.storage.HeartbeatColumns.Kind;
import java.sql.Connection;
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

  /** The columns an install-day is written to, in the order {@link #encode} gives values. */
  private static final List<String> NAMES = names();

  /** The PostgreSQL array type of each of {@link #NAMES}: codes and small numbers are integers. */
  private static final List<String> ARRAY_TYPES =
      NAMES.stream().map(InstallDayTable::arrayType).toList();

  private static final String UPDATE_RAW =
      " ON CONFLICT (day, install) DO UPDATE SET"
          + " payload = excluded.payload, counters = excluded.counters,"
          + " idempotency_keys = excluded.idempotency_keys";

  static final String UPSERT = upsert("VALUES (" + "?, ".repeat(NAMES.size() - 1) + "?)");
  static final String UPSERT_RAW =
      "INSERT INTO raw_heartbeats (day, install, payload, counters, idempotency_keys)"
          + " VALUES (?, ?, ?, ?, ?)"
          + UPDATE_RAW;

  /**
   * PostgreSQL only: both upserts in one round trip, each install-day column bound as one array
   * (see {@link #bindArrays}), so that the statement's text is the same whatever the batch size.
   */
  static final String UPSERT_ARRAYS =
      upsert(
              "SELECT * FROM unnest("
                  + ARRAY_TYPES.stream()
                      .map(type -> "?::" + type + "[]")
                      .collect(Collectors.joining(", "))
                  + ")")
          + ";\nINSERT INTO raw_heartbeats (day, install, payload, counters, idempotency_keys)"
          + " SELECT * FROM unnest(?::integer[], ?::integer[], ?::text[], ?::text[], ?::text[])"
          + UPDATE_RAW;

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
    Object[] encoded = encode(day, install, values, dictionary);
    for (int i = 0; i < encoded.length; i++) {
      if (encoded[i] == null) {
        statement.setNull(
            i + 1, "bigint".equals(ARRAY_TYPES.get(i)) ? Types.BIGINT : Types.INTEGER);
      } else {
        statement.setObject(i + 1, encoded[i]);
      }
    }
  }

  /** One install-day to write: its day, its install's integer id and the rows' values. */
  record Write(long day, int install, HeartbeatRow row, boolean withRaw) {}

  /**
   * Binds install-days to {@link #UPSERT_ARRAYS}, each column as one array; rows whose raw JSON is
   * not kept go to the narrow table only. No two writes may share a day and install.
   *
   * @param statement the statement
   * @param writes the install-days
   * @param dictionary codes for every text value
   * @throws SQLException when binding fails
   */
  static void bindArrays(PreparedStatement statement, List<Write> writes, Dictionary dictionary)
      throws SQLException {
    Connection connection = statement.getConnection();
    Object[][] columns = new Object[NAMES.size()][writes.size()];
    List<Write> raw = new ArrayList<>();
    for (int row = 0; row < writes.size(); row++) {
      Write write = writes.get(row);
      Object[] encoded = encode(write.day(), write.install(), write.row().values(), dictionary);
      for (int column = 0; column < encoded.length; column++) {
        columns[column][row] = encoded[column];
      }
      if (write.withRaw()) {
        raw.add(write);
      }
    }
    int index = 1;
    for (int column = 0; column < columns.length; column++) {
      String type = ARRAY_TYPES.get(column);
      statement.setArray(index++, connection.createArrayOf(type, typed(type, columns[column])));
    }
    Integer[] days = new Integer[raw.size()];
    Integer[] installs = new Integer[raw.size()];
    String[] payloads = new String[raw.size()];
    String[] counters = new String[raw.size()];
    String[] keys = new String[raw.size()];
    for (int i = 0; i < raw.size(); i++) {
      Write write = raw.get(i);
      days[i] = Math.toIntExact(write.day());
      installs[i] = write.install();
      payloads[i] = write.row().payload();
      counters[i] = write.row().counters();
      keys[i] = write.row().idempotencyKeys();
    }
    statement.setArray(index++, connection.createArrayOf("integer", days));
    statement.setArray(index++, connection.createArrayOf("integer", installs));
    statement.setArray(index++, connection.createArrayOf("text", payloads));
    statement.setArray(index++, connection.createArrayOf("text", counters));
    statement.setArray(index, connection.createArrayOf("text", keys));
  }

  private static Object[] typed(String type, Object[] values) {
    Object[] typed = "bigint".equals(type) ? new Long[values.length] : new Integer[values.length];
    System.arraycopy(values, 0, typed, 0, values.length);
    return typed;
  }

  /**
   * An install-day's values in the order of {@link #NAMES}: the day and install as integers, a text
   * value as its code, the flags packed into one long, a zero counter as null.
   */
  private static Object[] encode(
      long day, int install, List<Object> values, Dictionary dictionary) {
    Object[] encoded = new Object[NAMES.size()];
    int index = 0;
    encoded[index++] = Math.toIntExact(day);
    encoded[index++] = install;
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
        case TEXT -> encoded[index++] = value == null ? null : dictionary.code((String) value);
        case INTEGER -> encoded[index++] = (Integer) Objects.requireNonNull(value);
        case BIGINT -> {
          long number = (Long) Objects.requireNonNull(value);
          encoded[index++] = column.counter() && number == 0 ? null : number;
        }
      }
    }
    encoded[index] = flags;
    return encoded;
  }

  private static String arrayType(String name) {
    if ("flags".equals(name)) {
      return "bigint";
    }
    return STORED.stream().anyMatch(c -> c.name().equals(name) && c.kind() == Kind.BIGINT)
        ? "bigint"
        : "integer";
  }

  private static List<String> names() {
    List<String> names = new ArrayList<>(List.of("day", "install"));
    STORED.forEach(c -> names.add(c.name()));
    names.add("flags");
    return List.copyOf(names);
  }

  private static String upsert(String rows) {
    List<String> updated = NAMES.subList(2, NAMES.size());
    return "INSERT INTO install_days ("
        + String.join(", ", NAMES)
        + ") "
        + rows
        + " ON CONFLICT (install, day) DO UPDATE SET "
        + updated.stream().map(n -> n + " = excluded." + n).collect(Collectors.joining(", "));
  }
}
