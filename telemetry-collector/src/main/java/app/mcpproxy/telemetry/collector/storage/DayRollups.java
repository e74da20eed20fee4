package app.mcpproxy.telemetry.collector.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.postgresql.PGStatement;
import org.roaringbitmap.RoaringBitmap;
import org.roaringbitmap.buffer.ImmutableRoaringBitmap;

/**
 * Where day rollups are kept: a UTC day is closed (folded once into {@code day_rollups}) when it is
 * over; today's open day is folded from its rows when read. Closing is idempotent and safe on
 * several collectors at once: every collector folds the same rows into the same sets, and a day's
 * rows are written in one transaction that keeps whatever another collector wrote first.
 */
public final class DayRollups {
  private static final String INSERT =
      "INSERT INTO day_rollups (day, name, installs, total) VALUES (?, ?, ?, ?)"
          + " ON CONFLICT (day, name) DO NOTHING";
  private static final String CLOSED_DAYS =
      "SELECT day FROM day_rollups WHERE day BETWEEN ? AND ? AND name = '" + DayRollup.ALL + "'";
  private static final String HAS_ROWS = "SELECT 1 FROM install_days WHERE day = ? LIMIT 1";
  private static final String LOAD =
      "SELECT day, name, installs, total FROM day_rollups WHERE day BETWEEN ? AND ?";

  private DayRollups() {}

  /**
   * Closes every day of a range before {@code firstOpenDay} that has rows and no rollup yet.
   *
   * @param connection a connection in auto-commit mode
   * @param from first day to look at
   * @param firstOpenDay the first day still open: it and later days are not closed
   * @return the days closed
   * @throws SQLException when the database fails
   */
  public static List<String> closeDays(
      Connection connection, LocalDate from, LocalDate firstOpenDay) throws SQLException {
    List<String> days = new ArrayList<>();
    if (!from.isBefore(firstOpenDay)) {
      return days;
    }
    java.util.Set<String> closed = new java.util.HashSet<>();
    try (PreparedStatement select = connection.prepareStatement(CLOSED_DAYS)) {
      select.setString(1, from.toString());
      select.setString(2, firstOpenDay.minusDays(1).toString());
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          closed.add(rows.getString(1));
        }
      }
    }
    try (PreparedStatement hasRows = connection.prepareStatement(HAS_ROWS)) {
      for (LocalDate day = from; day.isBefore(firstOpenDay); day = day.plusDays(1)) {
        if (closed.contains(day.toString())) {
          continue;
        }
        hasRows.setLong(1, day.toEpochDay());
        try (ResultSet rows = hasRows.executeQuery()) {
          if (rows.next()) {
            days.add(day.toString());
          }
        }
      }
    }
    for (String day : days) {
      close(connection, day);
    }
    return days;
  }

  /**
   * Closes every day before {@code firstOpenDay} that has rows and no rollup yet.
   *
   * @param connection a connection in auto-commit mode
   * @param firstOpenDay the first day still open
   * @return the days closed
   * @throws SQLException when the database fails
   */
  public static List<String> closeAll(Connection connection, LocalDate firstOpenDay)
      throws SQLException {
    // Every day before the latest closed one was looked at when that one was closed; only a day
    // written late (a collector whose clock lags) or rows migrated from an older version could be
    // open behind it, so the search starts a raw window before it rather than at the first row.
    LocalDate first = null;
    try (PreparedStatement select =
            connection.prepareStatement(
                "SELECT MAX(day) FROM day_rollups WHERE name = '" + DayRollup.ALL + "'");
        ResultSet rows = select.executeQuery()) {
      if (rows.next() && rows.getString(1) != null) {
        first = LocalDate.parse(rows.getString(1)).minusDays(LOOK_BACK_DAYS);
      }
    }
    if (first == null) {
      try (PreparedStatement select =
              connection.prepareStatement("SELECT MIN(day) FROM install_days");
          ResultSet rows = select.executeQuery()) {
        rows.next();
        long day = rows.getLong(1);
        if (rows.wasNull()) {
          return List.of();
        }
        first = LocalDate.ofEpochDay(day);
      }
    }
    return closeDays(connection, first, firstOpenDay);
  }

  /**
   * The first day not to close yet at an instant: the day it is, in UTC, five minutes ago, so that
   * collectors whose clocks differ by a little never close a day another one still writes to.
   *
   * @param now the instant
   * @return the day
   */
  public static LocalDate firstOpenDay(java.time.Instant now) {
    return LocalDate.ofInstant(now.minus(CLOSING_GRACE), java.time.ZoneOffset.UTC);
  }

  /** How far before the latest closed day the closing job looks for days still open. */
  static final int LOOK_BACK_DAYS = 31;

  static final java.time.Duration CLOSING_GRACE = java.time.Duration.ofMinutes(5);

  /** Folds one day and stores its rollup in one transaction. */
  static void close(Connection connection, String day) throws SQLException {
    Transaction.run(
        connection,
        c -> {
          lockRollups(c);
          // Another thread or collector may have closed it while this one waited for the lock.
          if (!isClosed(c, day)) {
            store(c, DayRollup.build(c, day));
            // A month built before this day closed lacks it.
            MonthRollups.drop(c, YearMonth.from(LocalDate.parse(day)));
          }
        });
  }

  private static boolean isClosed(Connection connection, String day) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT 1 FROM day_rollups WHERE day = ? AND name = '" + DayRollup.ALL + "'")) {
      select.setString(1, day);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next();
      }
    }
  }

  private static void store(Connection connection, DayRollup rollup) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
      // "all" goes in too when the day had no installs left, so that it counts as closed.
      Map<String, RoaringBitmap> sets = new LinkedHashMap<>(rollup.installs());
      sets.putIfAbsent(DayRollup.ALL, new RoaringBitmap());
      for (Map.Entry<String, RoaringBitmap> entry : sets.entrySet()) {
        insert.setString(1, rollup.day());
        insert.setString(2, entry.getKey());
        insert.setBytes(3, serialize(entry.getValue()));
        insert.setLong(4, rollup.total(entry.getKey()));
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  /**
   * Reads the closed days of a range.
   *
   * @param connection a connection
   * @param from first day
   * @param to last day
   * @return the rollups by day
   * @throws SQLException when the database fails
   */
  public static Map<String, DayRollup> load(Connection connection, LocalDate from, LocalDate to)
      throws SQLException {
    Map<String, Map<String, RoaringBitmap>> sets = new HashMap<>();
    Map<String, Map<String, Long>> totals = new HashMap<>();
    try (PreparedStatement select = binary(connection.prepareStatement(LOAD))) {
      select.setString(1, from.toString());
      select.setString(2, to.toString());
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          String day = rows.getString(1);
          String name = rows.getString(2);
          sets.computeIfAbsent(day, d -> new HashMap<>()).put(name, deserialize(rows.getBytes(3)));
          long total = rows.getLong(4);
          if (total != 0) {
            totals.computeIfAbsent(day, d -> new HashMap<>()).put(name, total);
          }
        }
      }
    }
    Map<String, DayRollup> days = new HashMap<>();
    sets.forEach(
        (day, byName) ->
            days.put(day, new DayRollup(day, byName, totals.getOrDefault(day, Map.of()))));
    return days;
  }

  /**
   * Reads some sets of the closed days of a range: the names given and those starting with one of
   * the prefixes given. Counter sums are not read.
   *
   * @param connection a connection
   * @param from first day
   * @param to last day
   * @param names whole names to read
   * @param prefixes prefixes of names to read
   * @return the rollups by day, holding only those sets
   * @throws SQLException when the database fails
   */
  public static Map<String, DayRollup> loadNames(
      Connection connection,
      LocalDate from,
      LocalDate to,
      java.util.Collection<String> names,
      java.util.Collection<String> prefixes)
      throws SQLException {
    List<String> conditions = new ArrayList<>();
    names.forEach(name -> conditions.add("name = ?"));
    prefixes.forEach(prefix -> conditions.add("name LIKE ?"));
    Map<String, Map<String, RoaringBitmap>> sets = new HashMap<>();
    if (conditions.isEmpty()) {
      return new HashMap<>();
    }
    String sql =
        "SELECT day, name, installs FROM day_rollups WHERE day BETWEEN ? AND ? AND ("
            + String.join(" OR ", conditions)
            + ")";
    try (PreparedStatement select = binary(connection.prepareStatement(sql))) {
      int index = 1;
      select.setString(index++, from.toString());
      select.setString(index++, to.toString());
      for (String name : names) {
        select.setString(index++, name);
      }
      for (String prefix : prefixes) {
        select.setString(index++, likePrefix(prefix));
      }
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          String name = rows.getString(2);
          // LIKE's _ matches any character, and SQLite's LIKE ignores case: check exactly.
          if (names.contains(name) || prefixes.stream().anyMatch(name::startsWith)) {
            sets.computeIfAbsent(rows.getString(1), d -> new HashMap<>())
                .put(name, deserialize(rows.getBytes(3)));
          }
        }
      }
    }
    Map<String, DayRollup> days = new HashMap<>();
    sets.forEach((day, byName) -> days.put(day, new DayRollup(day, byName, Map.of())));
    return days;
  }

  /**
   * The number of installs of one set on each closed day of a range, read without building the
   * sets.
   *
   * @param connection a connection
   * @param from first day
   * @param to last day
   * @param name the set's name
   * @return the counts by day, for the days closed
   * @throws SQLException when the database fails
   */
  public static Map<String, Long> counts(
      Connection connection, LocalDate from, LocalDate to, String name) throws SQLException {
    Map<String, Long> counts = new HashMap<>();
    try (PreparedStatement select =
        binary(
            connection.prepareStatement(
                "SELECT day, installs FROM day_rollups WHERE day BETWEEN ? AND ? AND name = ?"))) {
      select.setString(1, from.toString());
      select.setString(2, to.toString());
      select.setString(3, name);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          try {
            counts.put(
                rows.getString(1),
                new ImmutableRoaringBitmap(ByteBuffer.wrap(rows.getBytes(2))).getLongCardinality());
          } catch (RuntimeException e) {
            throw new SQLException("a stored rollup does not read as a set of installs", e);
          }
        }
      }
    }
    return counts;
  }

  /** A LIKE pattern of a prefix, which may match more than the prefix; the caller checks. */
  static String likePrefix(String prefix) {
    if (prefix.contains("%")) {
      throw new IllegalArgumentException("a rollup prefix must not hold %");
    }
    return prefix + "%";
  }

  /**
   * Takes one install out of every closed day it was seen on, and out of their months, before its
   * rows are erased.
   *
   * @param connection a connection inside the erasing transaction
   * @param install the install's integer id
   * @param days the days it has rows on, as days since 1970-01-01
   * @throws SQLException when the database fails
   */
  static void erase(Connection connection, int install, List<Long> days) throws SQLException {
    lockRollups(connection);
    Map<YearMonth, Map<String, Long>> removedByMonth = new LinkedHashMap<>();
    for (long day : days) {
      Map<String, Long> removed = removeFromDay(connection, day, install);
      Map<String, Long> month =
          removedByMonth.computeIfAbsent(
              YearMonth.from(LocalDate.ofEpochDay(day)), m -> new HashMap<>());
      removed.forEach((name, total) -> month.merge(name, total, DayRollup::saturatedSum));
    }
    MonthRollups.erase(connection, install, removedByMonth);
  }

  /** Takes an install out of a day's sets; returns what each total lost. */
  private static Map<String, Long> removeFromDay(Connection connection, long epochDay, int id)
      throws SQLException {
    String day = LocalDate.ofEpochDay(epochDay).toString();
    Map<String, Long> added = new HashMap<>();
    String counterColumns =
        String.join(
            ", ",
            DayRollup.COUNTERS.stream()
                .map(counter -> InstallDayTable.decoded(counter.column()))
                .toList());
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT "
                + counterColumns
                + " FROM install_days d WHERE d.day = ? AND d.install = ?")) {
      select.setLong(1, epochDay);
      select.setInt(2, id);
      try (ResultSet rows = select.executeQuery()) {
        if (rows.next()) {
          for (int i = 0; i < DayRollup.COUNTERS.size(); i++) {
            long value = rows.getLong(i + 1);
            if (value > 0) {
              added.put(DayRollup.COUNTERS.get(i).name(), value);
            }
          }
        }
      }
    }
    Map<String, RoaringBitmap> changed = new LinkedHashMap<>();
    Map<String, Long> totals = new HashMap<>();
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT name, installs, total FROM day_rollups WHERE day = ?")) {
      select.setString(1, day);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          RoaringBitmap set = deserialize(rows.getBytes(2));
          if (set.checkedRemove(id)) {
            String name = rows.getString(1);
            changed.put(name, set);
            totals.put(name, Math.max(0, rows.getLong(3) - added.getOrDefault(name, 0L)));
          }
        }
      }
    }
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE day_rollups SET installs = ?, total = ? WHERE day = ? AND name = ?")) {
      for (Map.Entry<String, RoaringBitmap> entry : changed.entrySet()) {
        update.setBytes(1, serialize(entry.getValue()));
        update.setLong(
            2, Objects.requireNonNull(totals.get(entry.getKey()), "a changed rollup has no total"));
        update.setString(3, day);
        update.setString(4, entry.getKey());
        update.addBatch();
      }
      if (!changed.isEmpty()) {
        update.executeBatch();
      }
    }
    return added;
  }

  /**
   * Serialises closing a day with erasing an install and with other closings, so that a day is
   * never closed from rows an erasure removed meanwhile: on PostgreSQL with an advisory lock, on
   * SQLite by taking its one write lock before reading.
   */
  static void lockRollups(Connection connection) throws SQLException {
    if (!connection.getMetaData().getURL().startsWith(DatabaseVendor.POSTGRESQL.urlPrefix())) {
      // A write first takes SQLite's write lock, waiting its busy timeout for it: a transaction
      // that read first could not write once another had, and would fail at once.
      try (PreparedStatement write =
          connection.prepareStatement("DELETE FROM day_rollups WHERE day = '' AND name = ''")) {
        write.executeUpdate();
      }
      return;
    }
    try (PreparedStatement lock =
        connection.prepareStatement("SELECT " + AdvisoryLocks.lock("?"))) {
      lock.setInt(1, AdvisoryLocks.ROLLUPS);
      try (ResultSet rows = lock.executeQuery()) {
        rows.next();
      }
    }
  }

  /**
   * Makes a read of sets fetch them in binary from its first run: PostgreSQL's driver otherwise
   * sends a statement's first runs on each connection as text, whose hex doubles the bytes of a set
   * and takes as long again to decode.
   */
  static PreparedStatement binary(PreparedStatement select) throws SQLException {
    if (select.isWrapperFor(PGStatement.class)) {
      select.unwrap(PGStatement.class).setPrepareThreshold(-1);
    }
    return select;
  }

  static byte[] serialize(RoaringBitmap set) {
    ByteBuffer bytes = ByteBuffer.allocate(set.serializedSizeInBytes());
    set.serialize(bytes);
    return bytes.array();
  }

  static RoaringBitmap deserialize(byte[] bytes) throws SQLException {
    RoaringBitmap set = new RoaringBitmap();
    try {
      set.deserialize(ByteBuffer.wrap(bytes));
    } catch (IOException | RuntimeException e) {
      throw new SQLException("a stored rollup does not read as a set of installs", e);
    }
    return set;
  }
}
