package app.mcpproxy.telemetry.collector.statistics;

import app.mcpproxy.telemetry.collector.statistics.Stats.DayCount;
import app.mcpproxy.telemetry.collector.statistics.Stats.FunnelStep;
import app.mcpproxy.telemetry.collector.statistics.Stats.Group;
import app.mcpproxy.telemetry.collector.statistics.Stats.Total;
import app.mcpproxy.telemetry.collector.storage.DayRollup;
import app.mcpproxy.telemetry.collector.storage.DayRollups;
import app.mcpproxy.telemetry.collector.storage.HeartbeatColumns;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.roaringbitmap.RoaringBitmap;

/**
 * Computes {@link Stats} of a range from rollups: closed days are read as stored (a day not yet
 * closed is closed first), without a filter finished months from their month rollups, open days are
 * folded from their rows. Every figure is exact, and every group of fewer than {@link
 * Stats#MIN_GROUP_INSTALLS} installs is folded before anything leaves.
 */
public final class RollupStats {
  /** Days and finished months whose sets are merged; a month's {@code day()} is its month. */
  private final List<DayRollup> days;

  /** Installs on each day of the finished months read, whose day rollups are not read. */
  private final Map<String, Long> monthDayCounts;

  private final LocalDate from;
  private final LocalDate to;
  private final StatsFilter filter;

  private RollupStats(
      List<DayRollup> days,
      Map<String, Long> monthDayCounts,
      LocalDate from,
      LocalDate to,
      StatsFilter filter) {
    this.days = days;
    this.monthDayCounts = monthDayCounts;
    this.from = from;
    this.to = to;
    this.filter = filter;
  }

  /**
   * Computes the statistics of the installs a filter keeps over a range.
   *
   * @param connection a connection in auto-commit mode
   * @param request the range, the installs that count and the open days
   * @return the statistics
   * @throws SQLException when the database fails
   * @throws StatsFilter.TooNarrow when the filter keeps or leaves out too few installs
   */
  public static Stats run(Connection connection, StatsRequest request) throws SQLException {
    return run(connection, request, true);
  }

  /**
   * As {@link #run(Connection, StatsRequest)}, taking finished months from their month rollups or
   * not: the answer is the same either way.
   */
  static Stats run(Connection connection, StatsRequest request, boolean byMonth)
      throws SQLException {
    LocalDate from = request.from();
    LocalDate to = request.to();
    StatsFilter filter = request.filter();
    LocalDate firstOpenDay = request.firstOpenDay();
    if (from.isAfter(to)) {
      throw new IllegalArgumentException("from " + from + " is after to " + to);
    }
    LocalDate lastClosed = to.isBefore(firstOpenDay) ? to : firstOpenDay.minusDays(1);
    List<DayRollup> days = new ArrayList<>();
    MonthCover cover = MonthCover.NONE;
    if (!from.isAfter(lastClosed)) {
      DayRollups.closeDays(connection, from, lastClosed.plusDays(1));
      if (byMonth) {
        cover = MonthCover.read(connection, from, lastClosed, filter, null, List.of());
      }
      for (LocalDate[] run : cover.uncovered(from, lastClosed)) {
        days.addAll(DayRollups.load(connection, run[0], run[1]).values());
      }
    }
    for (LocalDate day = from.isAfter(firstOpenDay) ? from : firstOpenDay;
        !day.isAfter(to);
        day = day.plusDays(1)) {
      days.add(request.openDays().get(connection, day.toString()));
    }
    RoaringBitmap everyone = new RoaringBitmap();
    RoaringBitmap kept = new RoaringBitmap();
    Map<String, Long> monthDayCounts = new HashMap<>();
    for (MonthCover.Month month : cover.months()) {
      everyone.or(month.all());
      kept.or(month.kept());
      LocalDate first = month.month().atDay(1);
      LocalDate last = month.month().atEndOfMonth();
      if (filter.keepsAll()) {
        monthDayCounts.putAll(DayRollups.counts(connection, first, last, DayRollup.ALL));
      } else {
        // Each install of such a month is kept on every day it was seen or on none.
        DayRollups.loadNames(connection, first, last, List.of(DayRollup.ALL), List.of())
            .forEach(
                (day, rollup) ->
                    monthDayCounts.put(
                        day,
                        (long)
                            RoaringBitmap.andCardinality(
                                rollup.installsOf(DayRollup.ALL), month.kept())));
      }
    }
    if (!filter.keepsAll()) {
      days = restrict(days, filter, everyone, kept);
    }
    for (MonthCover.Month month : cover.months()) {
      days.add(month.rollup());
    }
    return new RollupStats(days, monthDayCounts, from, to, filter).compute();
  }

  /** Restricts days to the installs the filter keeps; refuses it over the range if too narrow. */
  private static List<DayRollup> restrict(
      List<DayRollup> days, StatsFilter filter, RoaringBitmap everyone, RoaringBitmap kept) {
    List<DayRollup> restricted = new ArrayList<>();
    for (DayRollup day : days) {
      RoaringBitmap keptOnDay = filter.keptOn(day);
      everyone.or(day.installsOf(DayRollup.ALL));
      kept.or(keptOnDay);
      restricted.add(day.restrictedTo(keptOnDay));
    }
    if (!StatsFilter.separatesEnough(everyone, kept)) {
      throw new StatsFilter.TooNarrow();
    }
    return restricted;
  }

  private Stats compute() {
    Map<String, List<Group>> installsBy = new LinkedHashMap<>();
    for (String dimension : HeartbeatColumns.DIMENSIONS) {
      installsBy.put(dimension, foldedGroups(DayRollup.dimensionName(dimension, "")));
    }
    List<FunnelStep> funnel = new ArrayList<>();
    for (String step : DayRollup.FUNNEL_STEPS) {
      long installs = union(DayRollup.funnelName(step)).getLongCardinality();
      funnel.add(new FunnelStep(step, installs >= Stats.MIN_GROUP_INSTALLS ? installs : null));
    }
    return new Stats(
        from.toString(),
        to.toString(),
        Stats.MIN_GROUP_INSTALLS,
        union(DayRollup.ALL).getLongCardinality(),
        daily(),
        installsBy,
        funnel,
        foldedGroups(DayRollup.upgradeName("")),
        folded(union(DayRollup.FLAGS_REPORTING).getLongCardinality()),
        flags(),
        totals("error"),
        totals("surface"),
        totals("tool"),
        filter);
  }

  private List<DayCount> daily() {
    Map<String, Long> byDay = new HashMap<>(monthDayCounts);
    for (DayRollup day : days) {
      byDay.put(day.day(), day.installsOf(DayRollup.ALL).getLongCardinality());
    }
    List<DayCount> counts = new ArrayList<>();
    for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
      counts.add(new DayCount(day.toString(), folded(byDay.getOrDefault(day.toString(), 0L))));
    }
    return counts;
  }

  private RoaringBitmap union(String name) {
    RoaringBitmap union = new RoaringBitmap();
    for (DayRollup day : days) {
      union.or(day.installsOf(name));
    }
    return union;
  }

  /** The sets of every name with a prefix, merged over the range, keyed by what follows it. */
  private Map<String, RoaringBitmap> unionsByKey(String prefix) {
    Map<String, RoaringBitmap> byKey = new LinkedHashMap<>();
    for (DayRollup day : days) {
      for (Map.Entry<String, RoaringBitmap> entry : day.installs().entrySet()) {
        if (entry.getKey().startsWith(prefix)) {
          byKey
              .computeIfAbsent(entry.getKey().substring(prefix.length()), k -> new RoaringBitmap())
              .or(entry.getValue());
        }
      }
    }
    return byKey;
  }

  private List<Group> foldedGroups(String prefix) {
    Map<String, RoaringBitmap> grouped = new LinkedHashMap<>();
    for (Map.Entry<String, RoaringBitmap> entry : unionsByKey(prefix).entrySet()) {
      if (entry.getValue().isEmpty()) {
        // A value whose every install was erased.
        continue;
      }
      boolean shown = entry.getValue().getLongCardinality() >= Stats.MIN_GROUP_INSTALLS;
      grouped
          .computeIfAbsent(shown ? entry.getKey() : Stats.OTHER, k -> new RoaringBitmap())
          .or(entry.getValue());
    }
    List<Group> groups = new ArrayList<>();
    grouped.forEach((key, set) -> groups.add(new Group(key, set.getLongCardinality())));
    groups.sort(
        Comparator.comparing((Group group) -> Stats.OTHER.equals(group.key()))
            .thenComparing(Group::installs, Comparator.reverseOrder())
            .thenComparing(Group::key));
    return groups;
  }

  private List<Group> flags() {
    List<Group> shown = new ArrayList<>();
    RoaringBitmap folded = null;
    for (DayRollup.Flag flag : DayRollup.FLAGS) {
      RoaringBitmap set = union(flag.name());
      long installs = set.getLongCardinality();
      if (installs >= Stats.MIN_GROUP_INSTALLS) {
        shown.add(new Group(flag.key(), installs));
      } else if (installs > 0) {
        folded = folded == null ? set : RoaringBitmap.or(folded, set);
      }
    }
    if (folded != null) {
      shown.add(new Group(Stats.OTHER, folded.getLongCardinality()));
    }
    return shown;
  }

  private List<Total> totals(String section) {
    List<Total> shown = new ArrayList<>();
    RoaringBitmap folded = null;
    long foldedTotal = 0;
    for (DayRollup.Counter counter : DayRollup.COUNTERS) {
      if (!counter.section().equals(section)) {
        continue;
      }
      RoaringBitmap set = union(counter.name());
      long installs = set.getLongCardinality();
      long total = 0;
      for (DayRollup day : days) {
        total = DayRollup.saturatedSum(total, day.total(counter.name()));
      }
      if (installs >= Stats.MIN_GROUP_INSTALLS) {
        shown.add(new Total(counter.key(), summed(total), installs));
      } else if (installs > 0) {
        folded = folded == null ? set : RoaringBitmap.or(folded, set);
        foldedTotal = DayRollup.saturatedSum(foldedTotal, total);
      }
    }
    shown.sort(
        Comparator.comparing(
            (Total t) -> t.total() == null ? t.installs() : t.total(), Comparator.reverseOrder()));
    if (folded != null) {
      shown.add(new Total(Stats.OTHER, summed(foldedTotal), folded.getLongCardinality()));
    }
    return shown;
  }

  /**
   * A count as shown: exact without a filter, as the overview always was (its figures are over the
   * whole fleet); under a filter withheld when fewer than the minimum.
   */
  private @Nullable Long folded(long installs) {
    return filter.keepsAll() ? Long.valueOf(installs) : Fold.installs(installs);
  }

  /** A counter's sum, unknown under a filter: the rollups keep each day's sum over all installs. */
  private @Nullable Long summed(long total) {
    return filter.keepsAll() ? total : null;
  }
}
