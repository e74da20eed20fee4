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
   * PostgreSQL only, one statement: writes install-days where the rows they were merged from are
   * still what the writer merged from. The install-days merged are bound as arrays, numbered from
   * 1: day, install id (null for an install presumed new), anonymous id, version of the day's raw
   * row and of the day before's (the id of the transaction that wrote it; null where there was
   * none). One is current when its install still has that id and both raw rows are still those
   * versions, or, presumed new, when its install has no id yet. New installs get their ids, in
   * sorted order. The changed install-days follow as arrays (see {@link #bindArrays}), each with
   * its number; only current ones are written. Returns each current one's number and install id,
   * with the id of the writing transaction (the version of the rows it wrote). The statement's text
   * is the same whatever the batch size.
   */
  static final String CHECKED_UPSERTS =
      "WITH m AS (SELECT * FROM unnest(?::integer[], ?::integer[], ?::text[], ?::text[],"
          + " ?::text[]) WITH ORDINALITY AS m(day, install, anonymous_id, version, previous, n)),"
          + " checked AS (SELECT m.n, m.install, m.anonymous_id FROM m WHERE CASE"
          + " WHEN m.install IS NULL THEN NOT EXISTS (SELECT 1 FROM install_ids i"
          + " WHERE i.anonymous_id = m.anonymous_id)"
          + " ELSE EXISTS (SELECT 1 FROM install_ids i"
          + " WHERE i.id = m.install AND i.anonymous_id = m.anonymous_id)"
          + " AND (SELECT r.xmin::text FROM raw_heartbeats r"
          + " WHERE r.day = m.day AND r.install = m.install) IS NOT DISTINCT FROM m.version"
          + " AND (SELECT r.xmin::text FROM raw_heartbeats r"
          + " WHERE r.day = m.day - 1 AND r.install = m.install) IS NOT DISTINCT FROM m.previous"
          + " END),"
          + " added AS (INSERT INTO install_ids (anonymous_id) SELECT DISTINCT anonymous_id"
          + " FROM checked WHERE install IS NULL ORDER BY anonymous_id RETURNING anonymous_id, id),"
          + " fresh AS (SELECT c.n, COALESCE(c.install, a.id) AS install FROM checked c"
          + " LEFT JOIN added a ON a.anonymous_id = c.anonymous_id),"
          + " narrow AS ("
          + upsert(
              "SELECT u.day, f.install, "
                  + String.join(", ", NAMES.subList(2, NAMES.size()))
                  + " FROM unnest("
                  + ARRAY_TYPES.stream()
                      .map(type -> "?::" + type + "[]")
                      .collect(Collectors.joining(", "))
                  + ", ?::bigint[]) AS u("
                  + String.join(", ", NAMES)
                  + ", n) JOIN fresh f ON f.n = u.n")
          + "), raw AS (INSERT INTO raw_heartbeats (day, install, payload, counters,"
          + " idempotency_keys) SELECT u.day, f.install, payload, counters, idempotency_keys"
          + " FROM unnest(?::integer[], ?::text[], ?::text[], ?::text[], ?::bigint[])"
          + " AS u(day, payload, counters, idempotency_keys, n) JOIN fresh f ON f.n = u.n"
          + UPDATE_RAW
          + ") SELECT n, install, pg_current_xact_id()::xid::text FROM fresh";

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

  /**
   * One install-day to write.
   *
   * @param day days since 1970-01-01
   * @param install the install's integer id
   * @param row what to write
   * @param withRaw whether its raw JSON is kept too
   * @param merged the number of the install-day among those merged (see {@link #CHECKED_UPSERTS})
   */
  record Write(long day, int install, HeartbeatRow row, boolean withRaw, long merged) {}

  /**
   * Binds the install-days to write to {@link #CHECKED_UPSERTS}, each column as one array; rows
   * whose raw JSON is not kept go to the narrow table only. No two writes may share a day and
   * install.
   *
   * @param statement the statement
   * @param first the index of the first parameter to bind
   * @param writes the install-days
   * @param dictionary codes for every text value
   * @throws SQLException when binding fails
   */
  static void bindArrays(
      PreparedStatement statement, int first, List<Write> writes, Dictionary dictionary)
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
    int index = first;
    for (int column = 0; column < columns.length; column++) {
      String type = ARRAY_TYPES.get(column);
      statement.setArray(index++, connection.createArrayOf(type, typed(type, columns[column])));
    }
    statement.setArray(
        index++,
        connection.createArrayOf(
            "bigint", writes.stream().map(Write::merged).toArray(Long[]::new)));
    Integer[] days = new Integer[raw.size()];
    String[] payloads = new String[raw.size()];
    String[] counters = new String[raw.size()];
    String[] keys = new String[raw.size()];
    for (int i = 0; i < raw.size(); i++) {
      Write write = raw.get(i);
      days[i] = Math.toIntExact(write.day());
      payloads[i] = write.row().payload();
      counters[i] = write.row().counters();
      keys[i] = write.row().idempotencyKeys();
    }
    statement.setArray(index++, connection.createArrayOf("integer", days));
    statement.setArray(index++, connection.createArrayOf("text", payloads));
    statement.setArray(index++, connection.createArrayOf("text", counters));
    statement.setArray(index++, connection.createArrayOf("text", keys));
    statement.setArray(
        index,
        connection.createArrayOf("bigint", raw.stream().map(Write::merged).toArray(Long[]::new)));
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
