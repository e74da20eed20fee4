package app.mcpproxy.telemetry.collector.statistics;

import app.mcpproxy.telemetry.collector.statistics.Stats.DayCount;
import app.mcpproxy.telemetry.collector.statistics.Stats.FunnelStep;
import app.mcpproxy.telemetry.collector.statistics.Stats.Group;
import app.mcpproxy.telemetry.collector.statistics.Stats.Total;
import app.mcpproxy.telemetry.collector.storage.HeartbeatColumns;
import app.mcpproxy.telemetry.model.BuiltinTool;
import app.mcpproxy.telemetry.model.ErrorCategory;
import app.mcpproxy.telemetry.model.Surface;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Computes {@link Stats} by scanning the install-day rows with SQL aggregates that run on SQLite
 * and PostgreSQL alike, folding every group of fewer than {@link Stats#MIN_GROUP_INSTALLS} installs
 * before anything leaves the query. The endpoint answers from {@link RollupStats} instead; this
 * scan is the reference the rollups are tested against, and reads the same dimensions.
 */
public final class StatsQuery {
  /** Longest range one request may ask for. */
  public static final int MAX_DAYS = 366;

  private static final String TABLE_ALIAS = "{t}";
  private static final String UPGRADE_KEY =
      "{t}previous_version || ' -> ' || COALESCE({t}current_version, {t}version)";
  private static final String UPGRADE_CONDITION =
      " AND {t}previous_version <> '' AND {t}previous_version <> COALESCE({t}current_version,"
          + " {t}version)";

  private final Connection connection;
  private final String from;
  private final String to;

  private StatsQuery(Connection connection, LocalDate from, LocalDate to) {
    this.connection = connection;
    this.from = from.toString();
    this.to = to.toString();
  }

  /**
   * Computes the aggregates of a range in one consistent read.
   *
   * @param connection a connection of the collector's database
   * @param from first day, inclusive
   * @param to last day, inclusive
   * @return the aggregates
   * @throws SQLException when the database fails
   */
  static Stats run(Connection connection, LocalDate from, LocalDate to) throws SQLException {
    if (from.isAfter(to)) {
      throw new IllegalArgumentException("from " + from + " is after to " + to);
    }
    boolean autoCommit = connection.getAutoCommit();
    int isolation = connection.getTransactionIsolation();
    // One snapshot for every query: SQLite's read transaction has one already; PostgreSQL needs
    // REPEATABLE READ for it.
    if (connection
        .getMetaData()
        .supportsTransactionIsolationLevel(Connection.TRANSACTION_REPEATABLE_READ)) {
      connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
    }
    connection.setAutoCommit(false);
    try {
      return new StatsQuery(connection, from, to).compute(from, to);
    } finally {
      connection.rollback();
      connection.setAutoCommit(autoCommit);
      connection.setTransactionIsolation(isolation);
    }
  }

  private Stats compute(LocalDate first, LocalDate last) throws SQLException {
    Map<String, List<Group>> installsBy = new LinkedHashMap<>();
    for (String dimension : HeartbeatColumns.DIMENSIONS) {
      installsBy.put(
          dimension,
          foldedGroups("COALESCE({t}" + dimension + ", '" + HeartbeatColumns.UNSET + "')", ""));
    }
    Map<String, String> flagColumns = new LinkedHashMap<>();
    HeartbeatColumns.FEATURE_FLAGS.forEach(
        flag -> flagColumns.put(flag, HeartbeatColumns.flagColumn(flag)));
    HeartbeatColumns.OAUTH_PROVIDER_TYPES.forEach(
        type -> flagColumns.put("oauth_" + type, HeartbeatColumns.oauthColumn(type)));
    Map<String, String> errorColumns = new LinkedHashMap<>();
    for (ErrorCategory category : ErrorCategory.values()) {
      errorColumns.put(category.wireName(), HeartbeatColumns.errorColumn(category));
    }
    Map<String, String> surfaceColumns = new LinkedHashMap<>();
    for (Surface surface : Surface.values()) {
      surfaceColumns.put(surface.wireName(), HeartbeatColumns.surfaceColumn(surface));
    }
    Map<String, String> toolColumns = new LinkedHashMap<>();
    for (BuiltinTool tool : BuiltinTool.values()) {
      toolColumns.put(tool.wireName(), HeartbeatColumns.toolColumn(tool));
    }
    return new Stats(
        from,
        to,
        Stats.MIN_GROUP_INSTALLS,
        single("SELECT COUNT(DISTINCT anonymous_id) FROM heartbeats WHERE day BETWEEN ? AND ?"),
        dailyActiveInstalls(first, last),
        installsBy,
        activationFunnel(),
        foldedGroups(UPGRADE_KEY, UPGRADE_CONDITION),
        single(
            "SELECT COUNT(DISTINCT CASE WHEN "
                + HeartbeatColumns.flagColumn(HeartbeatColumns.FEATURE_FLAGS.get(0))
                + " IS NOT NULL THEN anonymous_id END) FROM heartbeats WHERE day BETWEEN ? AND ?"),
        flagAdoption(flagColumns),
        totals(errorColumns),
        totals(surfaceColumns),
        totals(toolColumns),
        StatsFilter.NONE);
  }

  private List<DayCount> dailyActiveInstalls(LocalDate first, LocalDate last) throws SQLException {
    Map<String, Long> byDay = new HashMap<>();
    try (PreparedStatement statement =
        prepare(
            "SELECT day, COUNT(DISTINCT anonymous_id) FROM heartbeats WHERE day BETWEEN ? AND ?"
                + " GROUP BY day")) {
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          byDay.put(rows.getString(1), rows.getLong(2));
        }
      }
    }
    List<DayCount> days = new ArrayList<>();
    for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
      days.add(new DayCount(day.toString(), byDay.getOrDefault(day.toString(), 0L)));
    }
    return days;
  }

  /**
   * Distinct installs per value of an expression, with the values held by fewer than the minimum
   * merged into {@code other} and counted again as one group, so an install in two small groups
   * counts once.
   */
  private List<Group> foldedGroups(String keyTemplate, String conditionTemplate)
      throws SQLException {
    String innerKey = keyTemplate.replace(TABLE_ALIAS, "");
    String outerKey = keyTemplate.replace(TABLE_ALIAS, "h.");
    String sql =
        "SELECT CASE WHEN g.n >= "
            + Stats.MIN_GROUP_INSTALLS
            + " THEN g.k ELSE '"
            + Stats.OTHER
            + "' END AS grp, COUNT(DISTINCT h.anonymous_id) FROM heartbeats h JOIN (SELECT "
            + innerKey
            + " AS k, COUNT(DISTINCT anonymous_id) AS n FROM heartbeats WHERE day BETWEEN ? AND ?"
            + conditionTemplate.replace(TABLE_ALIAS, "")
            + " GROUP BY "
            + innerKey
            + ") g ON g.k = "
            + outerKey
            + " WHERE h.day BETWEEN ? AND ?"
            + conditionTemplate.replace(TABLE_ALIAS, "h.")
            + " GROUP BY 1";
    List<Group> groups = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, from);
      statement.setString(2, to);
      statement.setString(3, from);
      statement.setString(4, to);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          groups.add(new Group(rows.getString(1), rows.getLong(2)));
        }
      }
    }
    groups.sort(
        Comparator.comparing((Group group) -> Stats.OTHER.equals(group.key()))
            .thenComparing(Group::installs, Comparator.reverseOrder())
            .thenComparing(Group::key));
    return groups;
  }

  private List<FunnelStep> activationFunnel() throws SQLException {
    String connected = "activation_connected_server = 1";
    String client = connected + " AND activation_mcp_client = 1";
    String retrieve = client + " AND activation_retrieve_tools_call = 1";
    String sql =
        "SELECT "
            + distinctWhere("activation_connected_server IS NOT NULL")
            + ", "
            + distinctWhere(connected)
            + ", "
            + distinctWhere(client)
            + ", "
            + distinctWhere(retrieve)
            + " FROM heartbeats WHERE day BETWEEN ? AND ?";
    List<String> steps =
        List.of("reported", "connected_server", "mcp_client", "retrieve_tools_call");
    List<FunnelStep> funnel = new ArrayList<>();
    try (PreparedStatement statement = prepare(sql);
        ResultSet rows = statement.executeQuery()) {
      rows.next();
      for (int i = 0; i < steps.size(); i++) {
        long installs = rows.getLong(i + 1);
        funnel.add(
            new FunnelStep(steps.get(i), installs >= Stats.MIN_GROUP_INSTALLS ? installs : null));
      }
    }
    return funnel;
  }

  private List<Group> flagAdoption(Map<String, String> columns) throws SQLException {
    String sql =
        "SELECT "
            + columns.values().stream()
                .map(column -> distinctWhere(column + " = 1"))
                .collect(Collectors.joining(", "))
            + " FROM heartbeats WHERE day BETWEEN ? AND ?";
    List<Group> shown = new ArrayList<>();
    List<String> folded = new ArrayList<>();
    try (PreparedStatement statement = prepare(sql);
        ResultSet rows = statement.executeQuery()) {
      rows.next();
      int index = 1;
      for (Map.Entry<String, String> flag : columns.entrySet()) {
        long installs = rows.getLong(index++);
        if (installs >= Stats.MIN_GROUP_INSTALLS) {
          shown.add(new Group(flag.getKey(), installs));
        } else if (installs > 0) {
          folded.add(flag.getValue() + " = 1");
        }
      }
    }
    if (!folded.isEmpty()) {
      shown.add(new Group(Stats.OTHER, installsWhereAny(folded)));
    }
    return shown;
  }

  private List<Total> totals(Map<String, String> columns) throws SQLException {
    String sql =
        "SELECT "
            + columns.values().stream()
                .map(
                    column -> "COALESCE(SUM(" + column + "), 0), " + distinctWhere(column + " > 0"))
                .collect(Collectors.joining(", "))
            + " FROM heartbeats WHERE day BETWEEN ? AND ?";
    List<Total> shown = new ArrayList<>();
    List<String> folded = new ArrayList<>();
    long foldedTotal = 0;
    try (PreparedStatement statement = prepare(sql);
        ResultSet rows = statement.executeQuery()) {
      rows.next();
      int index = 1;
      for (Map.Entry<String, String> counter : columns.entrySet()) {
        long total = rows.getLong(index++);
        long installs = rows.getLong(index++);
        if (installs >= Stats.MIN_GROUP_INSTALLS) {
          shown.add(new Total(counter.getKey(), total, installs));
        } else if (installs > 0) {
          folded.add(counter.getValue() + " > 0");
          foldedTotal += total;
        }
      }
    }
    shown.sort(Comparator.comparing(Total::total, Comparator.reverseOrder()));
    if (!folded.isEmpty()) {
      shown.add(new Total(Stats.OTHER, foldedTotal, installsWhereAny(folded)));
    }
    return shown;
  }

  private long installsWhereAny(List<String> conditions) throws SQLException {
    return single(
        "SELECT "
            + distinctWhere(String.join(" OR ", conditions))
            + " FROM heartbeats WHERE day BETWEEN ? AND ?");
  }

  private static String distinctWhere(String condition) {
    return "COUNT(DISTINCT CASE WHEN " + condition + " THEN anonymous_id END)";
  }

  private long single(String sql) throws SQLException {
    try (PreparedStatement statement = prepare(sql);
        ResultSet rows = statement.executeQuery()) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private PreparedStatement prepare(String sql) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    statement.setString(1, from);
    statement.setString(2, to);
    return statement;
  }
}
