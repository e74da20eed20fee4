package app.mcpproxy.telemetry.collector.storage;

import app.mcpproxy.telemetry.model.BuiltinTool;
import app.mcpproxy.telemetry.model.ErrorCategory;
import app.mcpproxy.telemetry.model.Surface;
import app.mcpproxy.telemetry.model.WireNames;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.roaringbitmap.RoaringBitmap;

/**
 * One UTC day folded into exact, mergeable state: for every name ({@code all}, a dimension's value,
 * an upgrade pair, a funnel step, a flag, a counter) the set of installs (by their integer id) it
 * holds, and for counters their sum. Sets of several days merge by union, so distinct installs over
 * any range are exact.
 */
public final class DayRollup {
  public static final String ALL = "all";
  public static final String FLAGS_REPORTING = "flags_reporting";
  public static final List<String> FUNNEL_STEPS =
      List.of("reported", "connected_server", "mcp_client", "retrieve_tools_call");

  /** A counter column and the name its rollup has. */
  public record Counter(String section, String key, String column) {
    public String name() {
      return section + ":" + key;
    }
  }

  /** A flag column and the name its rollup has, as the statistics show it. */
  public record Flag(String key, String column) {
    public String name() {
      return "flag:" + key;
    }
  }

  public static final List<Flag> FLAGS = flags();
  public static final List<Counter> COUNTERS = counters();

  private final String day;
  private final Map<String, RoaringBitmap> installs;
  private final Map<String, Long> totals;

  DayRollup(String day, Map<String, RoaringBitmap> installs, Map<String, Long> totals) {
    this.day = day;
    this.installs = installs;
    this.totals = totals;
  }

  public String day() {
    return day;
  }

  public Map<String, RoaringBitmap> installs() {
    return Collections.unmodifiableMap(installs);
  }

  public long total(String name) {
    return totals.getOrDefault(name, 0L);
  }

  public RoaringBitmap installsOf(String name) {
    return installs.getOrDefault(name, EMPTY);
  }

  private static final RoaringBitmap EMPTY = new RoaringBitmap();

  /**
   * A day with no installs, as a day without heartbeats reads.
   *
   * @param day the UTC day
   * @return the empty rollup
   */
  public static DayRollup empty(String day) {
    return new DayRollup(day, Map.of(), Map.of());
  }

  /**
   * The same day restricted to some of its installs: every set intersected with {@code kept}.
   * Counter sums are not kept, since they are the day's sums over all its installs.
   *
   * @param kept the installs to keep
   * @return the restricted rollup
   */
  public DayRollup restrictedTo(RoaringBitmap kept) {
    Map<String, RoaringBitmap> restricted = new LinkedHashMap<>();
    installs.forEach(
        (name, set) -> {
          RoaringBitmap both = RoaringBitmap.and(set, kept);
          if (!both.isEmpty()) {
            restricted.put(name, both);
          }
        });
    return new DayRollup(day, restricted, Map.of());
  }

  public static String dimensionName(String dimension, String value) {
    return "by:" + dimension + ":" + value;
  }

  public static String upgradeName(String pair) {
    return "upgrade:" + pair;
  }

  public static String funnelName(String step) {
    return "funnel:" + step;
  }

  /**
   * Folds a day's install-day rows; every install of the day must have an integer id.
   *
   * @param connection a connection
   * @param day the UTC day
   * @return the day's rollup
   * @throws SQLException when the database fails
   */
  public static DayRollup build(Connection connection, String day) throws SQLException {
    Builder builder = new Builder(day);
    try (PreparedStatement select = connection.prepareStatement(SELECT_DAY)) {
      select.setLong(1, java.time.LocalDate.parse(day).toEpochDay());
      select.setFetchSize(10_000);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          builder.add(rows);
        }
      }
    }
    return builder.build();
  }

  private static final List<String> ROW_COLUMNS = rowColumns();
  private static final String SELECT_DAY =
      "SELECT d.install, "
          + String.join(", ", ROW_COLUMNS.stream().map(InstallDayTable::decoded).toList())
          + " FROM install_days d WHERE d.day = ?";

  private static List<String> rowColumns() {
    List<String> columns = new ArrayList<>(HeartbeatColumns.DIMENSIONS);
    columns.addAll(
        List.of(
            WireNames.PREVIOUS_VERSION,
            WireNames.CURRENT_VERSION,
            "activation_connected_server",
            "activation_mcp_client",
            "activation_retrieve_tools_call",
            HeartbeatColumns.flagColumn(HeartbeatColumns.FEATURE_FLAGS.get(0))));
    FLAGS.forEach(flag -> columns.add(flag.column()));
    COUNTERS.forEach(counter -> columns.add(counter.column()));
    return columns;
  }

  private static List<Flag> flags() {
    List<Flag> flags = new ArrayList<>();
    HeartbeatColumns.FEATURE_FLAGS.forEach(
        flag -> flags.add(new Flag(flag, HeartbeatColumns.flagColumn(flag))));
    HeartbeatColumns.OAUTH_PROVIDER_TYPES.forEach(
        type -> flags.add(new Flag("oauth_" + type, HeartbeatColumns.oauthColumn(type))));
    return List.copyOf(flags);
  }

  private static List<Counter> counters() {
    List<Counter> counters = new ArrayList<>();
    for (ErrorCategory category : ErrorCategory.values()) {
      counters.add(
          new Counter("error", category.wireName(), HeartbeatColumns.errorColumn(category)));
    }
    for (Surface surface : Surface.values()) {
      counters.add(
          new Counter("surface", surface.wireName(), HeartbeatColumns.surfaceColumn(surface)));
    }
    for (BuiltinTool tool : BuiltinTool.values()) {
      counters.add(new Counter("tool", tool.wireName(), HeartbeatColumns.toolColumn(tool)));
    }
    return List.copyOf(counters);
  }

  /** Adds rows one by one, as the day's rows are read. */
  static final class Builder {
    private final String day;
    private final Map<String, RoaringBitmap> installs = new LinkedHashMap<>();
    private final Map<String, Long> totals = new LinkedHashMap<>();

    Builder(String day) {
      this.day = day;
    }

    void add(ResultSet row) throws SQLException {
      int id = row.getInt(1);
      int column = 2;
      mark(ALL, id);
      for (String dimension : HeartbeatColumns.DIMENSIONS) {
        String value = row.getString(column++);
        mark(dimensionName(dimension, value == null ? HeartbeatColumns.UNSET : value), id);
      }
      String version = row.getString(2);
      String previous = row.getString(column++);
      String current = row.getString(column++);
      String now = current == null ? version : current;
      if (previous != null && !previous.isEmpty() && !previous.equals(now)) {
        mark(upgradeName(previous + " -> " + now), id);
      }
      Integer connected = flag(row, column++);
      Integer client = flag(row, column++);
      Integer retrieve = flag(row, column++);
      if (connected != null) {
        mark(funnelName(FUNNEL_STEPS.get(0)), id);
      }
      if (is(connected)) {
        mark(funnelName(FUNNEL_STEPS.get(1)), id);
        if (is(client)) {
          mark(funnelName(FUNNEL_STEPS.get(2)), id);
          if (is(retrieve)) {
            mark(funnelName(FUNNEL_STEPS.get(3)), id);
          }
        }
      }
      if (flag(row, column++) != null) {
        mark(FLAGS_REPORTING, id);
      }
      for (Flag flag : FLAGS) {
        if (is(flag(row, column++))) {
          mark(flag.name(), id);
        }
      }
      for (Counter counter : COUNTERS) {
        long value = row.getLong(column++);
        if (value > 0) {
          mark(counter.name(), id);
          totals.merge(counter.name(), value, DayRollup::saturatedSum);
        }
      }
    }

    private void mark(String name, int id) {
      installs.computeIfAbsent(name, n -> new RoaringBitmap()).add(id);
    }

    DayRollup build() {
      installs.values().forEach(RoaringBitmap::runOptimize);
      return new DayRollup(day, installs, totals);
    }

    private static @Nullable Integer flag(ResultSet row, int column) throws SQLException {
      int value = row.getInt(column);
      return row.wasNull() ? null : value;
    }

    private static boolean is(@Nullable Integer flag) {
      return flag != null && flag == 1;
    }
  }

  public static long saturatedSum(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }
}
