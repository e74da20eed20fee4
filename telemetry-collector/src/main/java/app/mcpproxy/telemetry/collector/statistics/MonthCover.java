package app.mcpproxy.telemetry.collector.statistics;

import app.mcpproxy.telemetry.collector.storage.DayRollup;
import app.mcpproxy.telemetry.collector.storage.MonthRollups;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.roaringbitmap.RoaringBitmap;

/**
 * The finished months of a range that are read as month rollups, and the days left to read one by
 * one. Under a filter, a month is read whole only when each of its installs reported one value of
 * every filtered dimension all month (see {@link StatsFilter#keptThroughout}); otherwise its days
 * are read, so answers stay exact either way.
 */
final class MonthCover {
  /**
   * A month read whole.
   *
   * @param month the month
   * @param rollup its sets restricted to the installs the filter keeps (with totals when it keeps
   *     all)
   * @param all every install of the month, whatever the filter
   * @param kept the installs of the month the filter keeps
   */
  record Month(YearMonth month, DayRollup rollup, RoaringBitmap all, RoaringBitmap kept) {}

  static final MonthCover NONE = new MonthCover(List.of());

  private final List<Month> months;
  private final Set<YearMonth> covered = new HashSet<>();

  private MonthCover(List<Month> months) {
    this.months = months;
    months.forEach(month -> covered.add(month.month()));
  }

  /**
   * Reads the finished months wholly within a range, building those not built yet.
   *
   * @param connection a connection in auto-commit mode
   * @param from first day
   * @param lastClosed last day, closed
   * @param filter which installs count
   * @param names the names to read, or {@code null} for every name with its total
   * @param prefixes prefixes of names to read besides
   * @return the months read whole, and the days left
   * @throws SQLException when the database fails
   */
  static MonthCover read(
      Connection connection,
      LocalDate from,
      LocalDate lastClosed,
      StatsFilter filter,
      @Nullable Collection<String> names,
      Collection<String> prefixes)
      throws SQLException {
    List<YearMonth> within = MonthRollups.within(from, lastClosed);
    if (within.isEmpty()) {
      return NONE;
    }
    MonthRollups.close(connection, within);
    Map<YearMonth, DayRollup> loaded;
    if (names == null) {
      loaded = MonthRollups.load(connection, within);
    } else {
      Set<String> wholeNames = new LinkedHashSet<>(names);
      wholeNames.addAll(filter.names());
      Set<String> allPrefixes = new LinkedHashSet<>(prefixes);
      allPrefixes.addAll(filter.dimensionPrefixes());
      loaded = MonthRollups.loadNames(connection, within, wholeNames, allPrefixes);
    }
    List<Month> months = new ArrayList<>();
    for (YearMonth month : within) {
      DayRollup rollup = Objects.requireNonNull(loaded.get(month), "a month read has no rollup");
      RoaringBitmap all = rollup.installsOf(DayRollup.ALL);
      if (filter.keepsAll()) {
        months.add(new Month(month, rollup, all, all));
      } else {
        RoaringBitmap kept = filter.keptThroughout(rollup);
        if (kept != null) {
          months.add(new Month(month, rollup.restrictedTo(kept), all, kept));
        }
      }
    }
    return new MonthCover(months);
  }

  List<Month> months() {
    return months;
  }

  /** Whether a day lies in a month read whole. */
  boolean covers(LocalDate day) {
    return covered.contains(YearMonth.from(day));
  }

  /** The runs of days of {@code [from, last]} outside the months read whole, as {first, last}. */
  List<LocalDate[]> uncovered(LocalDate from, LocalDate last) {
    List<LocalDate[]> runs = new ArrayList<>();
    LocalDate start = null;
    for (LocalDate day = from; !day.isAfter(last); day = day.plusDays(1)) {
      if (covers(day)) {
        if (start != null) {
          runs.add(new LocalDate[] {start, day.minusDays(1)});
          start = null;
        }
      } else if (start == null) {
        start = day;
      }
    }
    if (start != null) {
      runs.add(new LocalDate[] {start, last});
    }
    return runs;
  }
}
