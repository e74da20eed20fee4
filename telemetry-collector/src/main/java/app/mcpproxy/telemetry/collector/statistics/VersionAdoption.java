package app.mcpproxy.telemetry.collector.statistics;

import app.mcpproxy.telemetry.collector.storage.DayRollup;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.roaringbitmap.RoaringBitmap;

/**
 * Installs per version per day, so that an upgrade wave shows. On each day, versions run by fewer
 * installs than the fold's minimum are counted together as {@code other}, itself withheld when
 * smaller than that.
 *
 * @param from first day, inclusive
 * @param to last day, inclusive
 * @param minGroupInstalls the fold's minimum
 * @param filter the filter applied
 * @param days the days of the range, in order
 * @param series one per version shown on some day (most installs first), then {@code other}; each
 *     with one figure per day ({@code null}: withheld or folded into {@code other} that day)
 */
public record VersionAdoption(
    String from,
    String to,
    int minGroupInstalls,
    StatsFilter filter,
    List<String> days,
    List<Series> series)
    implements StatsView {

  /**
   * One version over the days.
   *
   * @param version the version, or {@code other}
   * @param installs per day
   */
  public record Series(String version, List<Long> installs) {}

  private static final String PREFIX = DayRollup.dimensionName("version", "");

  /**
   * Computes the view.
   *
   * @param connection a connection in auto-commit mode
   * @param request the range, the installs that count and the open days
   * @return the view
   * @throws SQLException when the database fails
   */
  public static VersionAdoption run(Connection connection, StatsRequest request)
      throws SQLException {
    RollupRange range =
        RollupRange.load(
            connection,
            request,
            new RollupRange.Reading(request.from(), false, List.of(), List.of(PREFIX)));
    return compute(range);
  }

  static VersionAdoption compute(RollupRange range) {
    List<String> days = new ArrayList<>();
    List<Map<String, Long>> shownByDay = new ArrayList<>();
    List<Long> other = new ArrayList<>();
    Map<String, Long> weight = new HashMap<>();
    boolean anyOther = false;
    for (LocalDate day = range.from(); !day.isAfter(range.to()); day = day.plusDays(1)) {
      days.add(day.toString());
      RoaringBitmap kept = range.kept(day);
      Map<String, Long> shown = new HashMap<>();
      RoaringBitmap folded = new RoaringBitmap();
      for (Map.Entry<String, RoaringBitmap> entry : range.day(day).installs().entrySet()) {
        if (!entry.getKey().startsWith(PREFIX)) {
          continue;
        }
        RoaringBitmap set = RoaringBitmap.and(entry.getValue(), kept);
        long installs = set.getLongCardinality();
        String version = entry.getKey().substring(PREFIX.length());
        if (installs >= Stats.MIN_GROUP_INSTALLS) {
          shown.put(version, installs);
          weight.merge(version, installs, Long::sum);
        } else {
          folded.or(set);
        }
      }
      shownByDay.add(shown);
      anyOther |= !folded.isEmpty();
      other.add(Fold.installs(folded.getLongCardinality()));
    }
    List<String> versions = new ArrayList<>(weight.keySet());
    versions.sort(
        Comparator.comparing((String v) -> weight.get(v), Comparator.reverseOrder())
            .thenComparing(Comparator.naturalOrder()));
    Map<String, List<Long>> byVersion = new LinkedHashMap<>();
    for (String version : versions) {
      List<Long> installs = new ArrayList<>();
      shownByDay.forEach(shown -> installs.add(shown.get(version)));
      byVersion.put(version, installs);
    }
    List<Series> series = new ArrayList<>();
    byVersion.forEach((version, installs) -> series.add(new Series(version, installs)));
    if (anyOther) {
      series.add(new Series(Stats.OTHER, other));
    }
    return new VersionAdoption(
        range.from().toString(),
        range.to().toString(),
        Stats.MIN_GROUP_INSTALLS,
        range.filter(),
        days,
        series);
  }

  @Override
  public CsvTable table() {
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < days.size(); i++) {
      for (Series one : series) {
        rows.add(Arrays.asList(days.get(i), one.version(), one.installs().get(i)));
      }
    }
    return new CsvTable(List.of("day", "version", "installs"), rows);
  }
}
