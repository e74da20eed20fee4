package app.mcpproxy.telemetry.collector.statistics;

import app.mcpproxy.telemetry.collector.storage.DayRollup;
import app.mcpproxy.telemetry.collector.storage.DayRollups;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import org.roaringbitmap.RoaringBitmap;

/**
 * The day rollups one view reads: some named sets of every day of a window that ends on the range's
 * last day, and, when a view needs to know who was seen before, the set of all installs of every
 * day since the first. Finished days not yet closed are closed first; open days come from the
 * cache. Nothing after the range's last day is read, so a view is a function of its range.
 */
final class RollupRange {
  /** The earliest day a {@code day} column can hold, as text that sorts first. */
  private static final LocalDate BEGINNING = LocalDate.of(1, 1, 1);

  private final LocalDate from;
  private final LocalDate to;
  private final StatsFilter filter;
  private final Map<LocalDate, DayRollup> window;
  private final NavigableMap<LocalDate, RoaringBitmap> everyone;
  private final MonthCover cover;
  private final Map<LocalDate, RoaringBitmap> kept = new HashMap<>();

  private RollupRange(
      LocalDate from,
      LocalDate to,
      StatsFilter filter,
      Map<LocalDate, DayRollup> window,
      NavigableMap<LocalDate, RoaringBitmap> everyone,
      MonthCover cover) {
    this.from = from;
    this.to = to;
    this.filter = filter;
    this.window = window;
    this.everyone = everyone;
    this.cover = cover;
  }

  /**
   * What a view reads besides its range.
   *
   * @param windowFrom the first day whose named sets are read
   * @param history whether the set of all installs of every day since the first is read
   * @param names the sets read by name
   * @param prefixes the sets read by the start of their name
   * @param byMonth whether finished months wholly in the window may be read as month rollups
   *     instead of their days (not with history); the view then takes them from {@link #months()}
   *     and skips their days
   */
  record Reading(
      LocalDate windowFrom,
      boolean history,
      Collection<String> names,
      Collection<String> prefixes,
      boolean byMonth) {
    Reading(
        LocalDate windowFrom,
        boolean history,
        Collection<String> names,
        Collection<String> prefixes) {
      this(windowFrom, history, names, prefixes, false);
    }
  }

  /**
   * Reads a range's rollups, and refuses a filter that keeps or leaves out too few installs.
   *
   * @throws StatsFilter.TooNarrow when the filter separates too few installs of the range
   */
  static RollupRange load(Connection connection, StatsRequest request, Reading reading)
      throws SQLException {
    LocalDate to = request.to();
    StatsFilter filter = request.filter();
    LocalDate firstOpenDay = request.firstOpenDay();
    LocalDate windowFrom = reading.windowFrom();
    LocalDate lastClosed = to.isBefore(firstOpenDay) ? to : firstOpenDay.minusDays(1);
    Set<String> names = new LinkedHashSet<>(reading.names());
    names.addAll(filter.names());
    Map<LocalDate, DayRollup> window = new HashMap<>();
    TreeMap<LocalDate, RoaringBitmap> everyone = new TreeMap<>();
    if (reading.history()) {
      DayRollups.closeAll(connection, lastClosed.plusDays(1));
      DayRollups.loadNames(connection, BEGINNING, lastClosed, List.of(DayRollup.ALL), List.of())
          .forEach(
              (day, rollup) ->
                  everyone.put(LocalDate.parse(day), rollup.installsOf(DayRollup.ALL)));
    } else if (!windowFrom.isAfter(lastClosed)) {
      DayRollups.closeDays(connection, windowFrom, lastClosed.plusDays(1));
    }
    MonthCover cover =
        reading.byMonth() && !reading.history() && !windowFrom.isAfter(lastClosed)
            ? MonthCover.read(connection, windowFrom, lastClosed, filter, names, reading.prefixes())
            : MonthCover.NONE;
    if (!windowFrom.isAfter(lastClosed)) {
      for (LocalDate[] run : cover.uncovered(windowFrom, lastClosed)) {
        loadWindow(connection, run[0], run[1], names, reading.prefixes(), window);
      }
    }
    for (LocalDate day = windowFrom.isAfter(firstOpenDay) ? windowFrom : firstOpenDay;
        !day.isAfter(to);
        day = day.plusDays(1)) {
      DayRollup open = request.openDays().get(connection, day.toString());
      window.put(day, open);
      everyone.put(day, open.installsOf(DayRollup.ALL));
    }
    window.forEach((day, rollup) -> everyone.putIfAbsent(day, rollup.installsOf(DayRollup.ALL)));
    RollupRange range = new RollupRange(request.from(), to, filter, window, everyone, cover);
    if (!filter.keepsAll()) {
      RoaringBitmap all = new RoaringBitmap();
      RoaringBitmap keptInRange = new RoaringBitmap();
      for (MonthCover.Month month : cover.months()) {
        all.or(month.all());
        keptInRange.or(month.kept());
      }
      for (LocalDate day = request.from(); !day.isAfter(to); day = day.plusDays(1)) {
        all.or(range.all(day));
        keptInRange.or(range.kept(day));
      }
      if (!StatsFilter.separatesEnough(all, keptInRange)) {
        throw new StatsFilter.TooNarrow();
      }
    }
    return range;
  }

  private static void loadWindow(
      Connection connection,
      LocalDate first,
      LocalDate last,
      Collection<String> names,
      Collection<String> prefixes,
      Map<LocalDate, DayRollup> window)
      throws SQLException {
    if (!first.isAfter(last)) {
      DayRollups.loadNames(connection, first, last, names, prefixes)
          .forEach((day, rollup) -> window.put(LocalDate.parse(day), rollup));
    }
  }

  LocalDate from() {
    return from;
  }

  /**
   * The finished months read whole, with the sets asked for restricted to the installs the filter
   * keeps; empty unless asked.
   */
  List<DayRollup> months() {
    return cover.months().stream().map(MonthCover.Month::rollup).toList();
  }

  /** Whether a day lies in one of {@link #months()}, so is not read as a day. */
  boolean inMonth(LocalDate day) {
    return cover.covers(day);
  }

  LocalDate to() {
    return to;
  }

  StatsFilter filter() {
    return filter;
  }

  /** The first day any install was seen, or the range's first day when none was before it. */
  LocalDate firstDay() {
    return everyone.isEmpty() || everyone.firstKey().isAfter(from) ? from : everyone.firstKey();
  }

  /** A day of the window, with the sets asked for. */
  DayRollup day(LocalDate day) {
    DayRollup rollup = window.get(day);
    return rollup == null ? DayRollup.empty(day.toString()) : rollup;
  }

  /** Every install seen on a day, whatever the filter. */
  RoaringBitmap all(LocalDate day) {
    RoaringBitmap set = everyone.get(day);
    if (set == null) {
      set = day(day).installsOf(DayRollup.ALL);
    }
    return set;
  }

  /** The installs of a window day the filter keeps. */
  RoaringBitmap kept(LocalDate day) {
    if (filter.keepsAll()) {
      return day(day).installsOf(DayRollup.ALL);
    }
    return kept.computeIfAbsent(day, d -> filter.keptOn(day(d)));
  }

  /** The installs seen on any day before {@code day} (whatever the filter). */
  RoaringBitmap seenBefore(LocalDate day) {
    RoaringBitmap seen = new RoaringBitmap();
    everyone.headMap(day, false).values().forEach(seen::or);
    return seen;
  }

  /** The installs of a set seen on any day of {@code [first, last]}, whatever the filter. */
  RoaringBitmap seenWithin(LocalDate first, LocalDate last) {
    RoaringBitmap seen = new RoaringBitmap();
    if (!first.isAfter(last)) {
      everyone.subMap(first, true, last, true).values().forEach(seen::or);
    }
    return seen;
  }
}
