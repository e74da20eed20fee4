package app.mcpproxy.telemetry.collector.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.roaringbitmap.RoaringBitmap;

/**
 * Rollups of finished calendar months, so that a long range reads a dozen month rows rather than
 * every day's. A month's row of a name holds the union of its days' sets and the sum of their
 * totals; besides, for every environment and funnel step, the installs that reached the step on a
 * day they ran in that environment, which a union of the day sets cannot tell. Figures from months
 * are therefore the same, exactly, as from their days.
 *
 * <p>A month is built from its day rollups when first needed after its last day is closed (by the
 * closing job or by a read), under the same lock as closing a day, and only once: several
 * collectors may try at once. Closing one of its days afterwards (a day written late) drops the
 * month, to be built again; erasing an install takes it out of its months as out of its days.
 */
public final class MonthRollups {
  /** The prefix of the names of {@link #envFunnelName(String, String)}. */
  public static final String ENV_FUNNEL = "env_funnel:";

  private static final String ENV_PREFIX = DayRollup.dimensionName("env_kind", "");
  private static final String INSERT =
      "INSERT INTO month_rollups (month, name, installs, total) VALUES (?, ?, ?, ?)"
          + " ON CONFLICT (month, name) DO NOTHING";

  private MonthRollups() {}

  /**
   * The name of the installs that reached a funnel step on a day they ran in an environment.
   *
   * @param step the funnel step
   * @param env the environment
   * @return the name, held by month rollups only
   */
  public static String envFunnelName(String step, String env) {
    return ENV_FUNNEL + step + ":" + env;
  }

  /**
   * The calendar months that lie wholly within a range of days.
   *
   * @param from first day
   * @param to last day
   * @return the months, in order; empty when none
   */
  public static List<YearMonth> within(LocalDate from, LocalDate to) {
    List<YearMonth> months = new ArrayList<>();
    YearMonth first =
        from.getDayOfMonth() == 1 ? YearMonth.from(from) : YearMonth.from(from).plusMonths(1);
    for (YearMonth month = first; !month.atEndOfMonth().isAfter(to); month = month.plusMonths(1)) {
      months.add(month);
    }
    return months;
  }

  /**
   * Builds every finished month since the first closed day that is not built yet.
   *
   * @param connection a connection in auto-commit mode
   * @param firstOpenDay the first day still open
   * @return the months built
   * @throws SQLException when the database fails
   */
  public static List<YearMonth> closeAll(Connection connection, LocalDate firstOpenDay)
      throws SQLException {
    String first;
    try (PreparedStatement select =
            connection.prepareStatement(
                "SELECT MIN(day) FROM day_rollups WHERE name = '" + DayRollup.ALL + "'");
        ResultSet rows = select.executeQuery()) {
      first = rows.next() ? rows.getString(1) : null;
    }
    if (first == null) {
      return List.of();
    }
    return close(
        connection,
        within(YearMonth.from(LocalDate.parse(first)).atDay(1), firstOpenDay.minusDays(1)));
  }

  /**
   * Builds those of some finished months not built yet; their days are closed first.
   *
   * @param connection a connection in auto-commit mode
   * @param months months whose every day is before the first open day, in order
   * @return the months built
   * @throws SQLException when the database fails
   */
  public static List<YearMonth> close(Connection connection, List<YearMonth> months)
      throws SQLException {
    if (months.isEmpty()) {
      return List.of();
    }
    Set<String> built = new HashSet<>();
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT month FROM month_rollups WHERE month BETWEEN ? AND ? AND name = '"
                + DayRollup.ALL
                + "'")) {
      select.setString(1, months.get(0).toString());
      select.setString(2, months.get(months.size() - 1).toString());
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          built.add(rows.getString(1));
        }
      }
    }
    List<YearMonth> closed = new ArrayList<>();
    for (YearMonth month : months) {
      if (!built.contains(month.toString())) {
        DayRollups.closeDays(connection, month.atDay(1), month.atEndOfMonth().plusDays(1));
        closeOne(connection, month);
        closed.add(month);
      }
    }
    return closed;
  }

  private static void closeOne(Connection connection, YearMonth month) throws SQLException {
    Transaction.run(
        connection,
        c -> {
          DayRollups.lockRollups(c);
          if (!isBuilt(c, month)) {
            store(c, month, build(c, month));
          }
        });
  }

  private static boolean isBuilt(Connection connection, YearMonth month) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT 1 FROM month_rollups WHERE month = ? AND name = '" + DayRollup.ALL + "'")) {
      select.setString(1, month.toString());
      try (ResultSet rows = select.executeQuery()) {
        return rows.next();
      }
    }
  }

  /** The union of a month's day rollups, with the environment's funnel steps day by day. */
  static DayRollup build(Connection connection, YearMonth month) throws SQLException {
    Map<String, RoaringBitmap> sets = new LinkedHashMap<>();
    Map<String, Long> totals = new HashMap<>();
    sets.put(DayRollup.ALL, new RoaringBitmap());
    for (DayRollup day :
        DayRollups.load(connection, month.atDay(1), month.atEndOfMonth()).values()) {
      for (Map.Entry<String, RoaringBitmap> entry : day.installs().entrySet()) {
        String name = entry.getKey();
        sets.computeIfAbsent(name, n -> new RoaringBitmap()).or(entry.getValue());
        long total = day.total(name);
        if (total != 0) {
          totals.merge(name, total, DayRollup::saturatedSum);
        }
        if (name.startsWith(ENV_PREFIX)) {
          String env = name.substring(ENV_PREFIX.length());
          for (String step : DayRollup.FUNNEL_STEPS) {
            RoaringBitmap reached =
                RoaringBitmap.and(day.installsOf(DayRollup.funnelName(step)), entry.getValue());
            if (!reached.isEmpty()) {
              sets.computeIfAbsent(envFunnelName(step, env), n -> new RoaringBitmap()).or(reached);
            }
          }
        }
      }
    }
    sets.values().forEach(RoaringBitmap::runOptimize);
    return new DayRollup(month.toString(), sets, totals);
  }

  private static void store(Connection connection, YearMonth month, DayRollup rollup)
      throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
      for (Map.Entry<String, RoaringBitmap> entry : rollup.installs().entrySet()) {
        insert.setString(1, month.toString());
        insert.setString(2, entry.getKey());
        insert.setBytes(3, DayRollups.serialize(entry.getValue()));
        insert.setLong(4, rollup.total(entry.getKey()));
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  /**
   * Reads built months, every name with its total. Months not built read as empty.
   *
   * @param connection a connection
   * @param months the months, in order
   * @return the rollups by month; a month's rollup's {@code day()} is {@code YYYY-MM}
   * @throws SQLException when the database fails
   */
  public static Map<YearMonth, DayRollup> load(Connection connection, List<YearMonth> months)
      throws SQLException {
    return read(connection, months, List.of(), List.of(), true);
  }

  /**
   * Reads some sets of built months: the names given and those starting with one of the prefixes
   * given. Totals are not read.
   *
   * @param connection a connection
   * @param months the months, in order
   * @param names whole names to read
   * @param prefixes prefixes of names to read
   * @return the rollups by month, holding only those sets
   * @throws SQLException when the database fails
   */
  public static Map<YearMonth, DayRollup> loadNames(
      Connection connection,
      List<YearMonth> months,
      Collection<String> names,
      Collection<String> prefixes)
      throws SQLException {
    return read(connection, months, names, prefixes, false);
  }

  private static Map<YearMonth, DayRollup> read(
      Connection connection,
      List<YearMonth> months,
      Collection<String> names,
      Collection<String> prefixes,
      boolean every)
      throws SQLException {
    Map<YearMonth, DayRollup> result = new HashMap<>();
    if (months.isEmpty() || (!every && names.isEmpty() && prefixes.isEmpty())) {
      return result;
    }
    List<String> conditions = new ArrayList<>();
    names.forEach(name -> conditions.add("name = ?"));
    prefixes.forEach(prefix -> conditions.add("name LIKE ?"));
    String sql =
        "SELECT month, name, installs, total FROM month_rollups WHERE month BETWEEN ? AND ?"
            + (every ? "" : " AND (" + String.join(" OR ", conditions) + ")");
    Map<String, Map<String, RoaringBitmap>> sets = new HashMap<>();
    Map<String, Map<String, Long>> totals = new HashMap<>();
    try (PreparedStatement select = DayRollups.binary(connection.prepareStatement(sql))) {
      int index = 1;
      select.setString(index++, months.get(0).toString());
      select.setString(index++, months.get(months.size() - 1).toString());
      if (!every) {
        for (String name : names) {
          select.setString(index++, name);
        }
        for (String prefix : prefixes) {
          select.setString(index++, DayRollups.likePrefix(prefix));
        }
      }
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          String month = rows.getString(1);
          String name = rows.getString(2);
          // LIKE's _ matches any character, and SQLite's LIKE ignores case: check exactly.
          if (every || names.contains(name) || prefixes.stream().anyMatch(name::startsWith)) {
            sets.computeIfAbsent(month, m -> new HashMap<>())
                .put(name, DayRollups.deserialize(rows.getBytes(3)));
            long total = rows.getLong(4);
            if (every && total != 0) {
              totals.computeIfAbsent(month, m -> new HashMap<>()).put(name, total);
            }
          }
        }
      }
    }
    for (YearMonth month : months) {
      String key = month.toString();
      result.put(
          month,
          new DayRollup(
              key, sets.getOrDefault(key, new HashMap<>()), totals.getOrDefault(key, Map.of())));
    }
    return result;
  }

  /**
   * Drops a month's rollup, when one of its days closes after it was built.
   *
   * @param connection a connection inside the closing transaction
   * @param month the month
   * @throws SQLException when the database fails
   */
  static void drop(Connection connection, YearMonth month) throws SQLException {
    try (PreparedStatement delete =
        connection.prepareStatement("DELETE FROM month_rollups WHERE month = ?")) {
      delete.setString(1, month.toString());
      delete.executeUpdate();
    }
  }

  /**
   * Takes one install out of the months it was seen in, after its days.
   *
   * @param connection a connection inside the erasing transaction, holding the rollups' lock
   * @param install the install's integer id
   * @param removedByMonth per month it was seen in, what its days' totals lost by name
   * @throws SQLException when the database fails
   */
  static void erase(
      Connection connection, int install, Map<YearMonth, Map<String, Long>> removedByMonth)
      throws SQLException {
    for (Map.Entry<YearMonth, Map<String, Long>> month : removedByMonth.entrySet()) {
      String key = month.getKey().toString();
      Map<String, RoaringBitmap> changed = new LinkedHashMap<>();
      Map<String, Long> totals = new HashMap<>();
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT name, installs, total FROM month_rollups WHERE month = ?")) {
        select.setString(1, key);
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            RoaringBitmap set = DayRollups.deserialize(rows.getBytes(2));
            if (set.checkedRemove(install)) {
              String name = rows.getString(1);
              changed.put(name, set);
              totals.put(
                  name, Math.max(0, rows.getLong(3) - month.getValue().getOrDefault(name, 0L)));
            }
          }
        }
      }
      try (PreparedStatement update =
          connection.prepareStatement(
              "UPDATE month_rollups SET installs = ?, total = ? WHERE month = ? AND name = ?")) {
        for (Map.Entry<String, RoaringBitmap> entry : changed.entrySet()) {
          update.setBytes(1, DayRollups.serialize(entry.getValue()));
          update.setLong(
              2,
              Objects.requireNonNull(totals.get(entry.getKey()), "a changed rollup has no total"));
          update.setString(3, key);
          update.setString(4, entry.getKey());
          update.addBatch();
        }
        if (!changed.isEmpty()) {
          update.executeBatch();
        }
      }
    }
  }
}
