package app.mcpproxy.telemetry.collector.statistics;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.roaringbitmap.RoaringBitmap;

/**
 * New, returning and gone installs per day. An install is new on the first day it was ever seen,
 * returning on a later day it is seen; it is gone on the day it has not been seen for {@link
 * #GONE_AFTER_DAYS} days (it was last seen that many days before). The filter picks installs by
 * what they reported on the day counted (for gone: on the day they were last seen); whether they
 * were seen before or since counts every day they were seen.
 *
 * @param from first day, inclusive
 * @param to last day, inclusive
 * @param minGroupInstalls the fold's minimum: smaller counts are withheld ({@code null})
 * @param goneAfterDays days without being seen after which an install counts as gone
 * @param filter the filter applied
 * @param days one entry per day of the range
 */
public record Activity(
    String from,
    String to,
    int minGroupInstalls,
    int goneAfterDays,
    StatsFilter filter,
    List<ActivityDay> days)
    implements StatsView {

  /** Days an install must go unseen to count as gone. */
  public static final int GONE_AFTER_DAYS = 14;

  /**
   * One day.
   *
   * @param day {@code YYYY-MM-DD}
   * @param active installs seen that day
   * @param newInstalls of them, seen that day for the first time
   * @param returning of them, seen before
   * @param gone installs last seen {@code goneAfterDays} days before this day and not since
   */
  public record ActivityDay(
      String day,
      @Nullable Long active,
      @Nullable Long newInstalls,
      @Nullable Long returning,
      @Nullable Long gone) {}

  /**
   * Computes the view.
   *
   * @param connection a connection in auto-commit mode
   * @param request the range, the installs that count and the open days
   * @return the view
   * @throws SQLException when the database fails
   */
  public static Activity run(Connection connection, StatsRequest request) throws SQLException {
    RollupRange range =
        RollupRange.load(
            connection,
            request,
            new RollupRange.Reading(
                request.from().minusDays(GONE_AFTER_DAYS), true, List.of(), List.of()));
    return compute(range);
  }

  static Activity compute(RollupRange range) {
    List<ActivityDay> days = new ArrayList<>();
    RoaringBitmap seen = range.seenBefore(range.from());
    for (LocalDate day = range.from(); !day.isAfter(range.to()); day = day.plusDays(1)) {
      RoaringBitmap active = range.kept(day);
      long returning = RoaringBitmap.andCardinality(active, seen);
      LocalDate lastSeen = day.minusDays(GONE_AFTER_DAYS);
      long gone =
          RoaringBitmap.andNotCardinality(
              range.kept(lastSeen), range.seenWithin(lastSeen.plusDays(1), day));
      long count = active.getLongCardinality();
      days.add(
          new ActivityDay(
              day.toString(),
              Fold.installs(count),
              Fold.installs(count - returning),
              Fold.installs(returning),
              Fold.installs(gone)));
      seen.or(range.all(day));
    }
    return new Activity(
        range.from().toString(),
        range.to().toString(),
        Stats.MIN_GROUP_INSTALLS,
        GONE_AFTER_DAYS,
        range.filter(),
        days);
  }

  @Override
  public CsvTable table() {
    List<List<Object>> rows = new ArrayList<>();
    for (ActivityDay day : days) {
      rows.add(
          java.util.Arrays.asList(
              day.day(), day.active(), day.newInstalls(), day.returning(), day.gone()));
    }
    return new CsvTable(List.of("day", "active", "new", "returning", "gone"), rows);
  }
}
