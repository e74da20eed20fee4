package app.mcpproxy.telemetry.collector.statistics;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.roaringbitmap.RoaringBitmap;

/**
 * Do new installs stay? Installs first seen in the range (new, as in {@link Activity}) grouped into
 * cohorts by the week (Monday to Sunday, UTC) or, for ranges of at most {@value #DAILY_UP_TO_DAYS}
 * days, the day they were first seen; each cohort's installs seen again in each period since, up to
 * the range's last day. Day-N retention: of the installs first seen N days before a day of the
 * range, the share seen on that day. One-and-done: of the installs first seen in the range before
 * its last day, the share seen on no other day up to its last day. The filter picks installs by
 * what they reported on their first day; being seen again counts every later day.
 *
 * @param from first day, inclusive
 * @param to last day, inclusive
 * @param minGroupInstalls the fold's minimum: smaller counts are withheld ({@code null})
 * @param filter the filter applied
 * @param period {@code week} or {@code day}
 * @param cohorts one per period with installs first seen in it
 * @param rates day-1, day-7 and day-30 retention
 * @param oneAndDone installs seen on one day only
 */
public record Retention(
    String from,
    String to,
    int minGroupInstalls,
    StatsFilter filter,
    String period,
    List<Cohort> cohorts,
    List<Rate> rates,
    OneAndDone oneAndDone)
    implements StatsView {

  /** Ranges up to this many days get a cohort per day, longer ones a cohort per week. */
  public static final int DAILY_UP_TO_DAYS = 14;

  /** The day-N retention rates given. */
  static final List<Integer> RATE_DAYS = List.of(1, 7, 30);

  /**
   * The installs first seen in one period.
   *
   * @param start the period's first day
   * @param installs installs first seen in it (within the range)
   * @param retained per period since (0 = the cohort's own), its installs seen in that period
   */
  public record Cohort(String start, @Nullable Long installs, List<Cell> retained) {}

  /**
   * One cell of the cohort table.
   *
   * @param periodsSince periods since the cohort's
   * @param installs the cohort's installs seen in that period
   * @param share of the cohort
   * @param partial whether the period runs past the range's last day
   */
  public record Cell(
      int periodsSince, @Nullable Long installs, @Nullable Double share, boolean partial) {}

  /**
   * Day-N retention.
   *
   * @param days N
   * @param cohortInstalls installs first seen N days before a day of the range
   * @param retained of them, seen N days later
   * @param rate retained / cohort installs
   */
  public record Rate(
      int days, @Nullable Long cohortInstalls, @Nullable Long retained, @Nullable Double rate) {}

  /**
   * Installs seen on a single day only.
   *
   * @param newInstalls installs first seen in the range before its last day
   * @param singleDay of them, never seen again up to the range's last day
   * @param share single day / new installs
   */
  public record OneAndDone(
      @Nullable Long newInstalls, @Nullable Long singleDay, @Nullable Double share) {}

  /**
   * Computes the view.
   *
   * @param connection a connection in auto-commit mode
   * @param request the range, the installs that count and the open days
   * @return the view
   * @throws SQLException when the database fails
   */
  public static Retention run(Connection connection, StatsRequest request) throws SQLException {
    int lookBack = RATE_DAYS.get(RATE_DAYS.size() - 1);
    RollupRange range =
        RollupRange.load(
            connection,
            request,
            new RollupRange.Reading(
                request.from().minusDays(lookBack), true, List.of(), List.of()));
    return compute(range);
  }

  static Retention compute(RollupRange range) {
    LocalDate from = range.from();
    LocalDate to = range.to();
    int lookBack = RATE_DAYS.get(RATE_DAYS.size() - 1);
    // Installs new on each day from lookBack days before the range to its end, as the filter keeps.
    Map<LocalDate, RoaringBitmap> newOn = new LinkedHashMap<>();
    RoaringBitmap seen = range.seenBefore(from.minusDays(lookBack));
    for (LocalDate day = from.minusDays(lookBack); !day.isAfter(to); day = day.plusDays(1)) {
      newOn.put(day, RoaringBitmap.andNot(range.kept(day), seen));
      seen.or(range.all(day));
    }
    boolean daily = ChronoUnit.DAYS.between(from, to) < DAILY_UP_TO_DAYS;
    return new Retention(
        from.toString(),
        to.toString(),
        Stats.MIN_GROUP_INSTALLS,
        range.filter(),
        daily ? "day" : "week",
        cohorts(range, newOn, daily),
        rates(range, newOn),
        oneAndDone(range, newOn));
  }

  private static List<Cohort> cohorts(
      RollupRange range, Map<LocalDate, RoaringBitmap> newOn, boolean daily) {
    LocalDate from = range.from();
    LocalDate to = range.to();
    int length = daily ? 1 : 7;
    LocalDate firstStart =
        daily ? from : from.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    // The installs seen in each period, periods being aligned with the cohorts'.
    List<RoaringBitmap> seenIn = new ArrayList<>();
    for (LocalDate start = firstStart; !start.isAfter(to); start = start.plusDays(length)) {
      LocalDate end = start.plusDays(length - 1L);
      seenIn.add(range.seenWithin(start, end.isAfter(to) ? to : end));
    }
    List<Cohort> cohorts = new ArrayList<>();
    int index = 0;
    for (LocalDate start = firstStart;
        !start.isAfter(to);
        start = start.plusDays(length), index++) {
      RoaringBitmap cohort = new RoaringBitmap();
      for (LocalDate day = start; day.isBefore(start.plusDays(length)); day = day.plusDays(1)) {
        if (!day.isBefore(from) && !day.isAfter(to)) {
          cohort.or(newOn(newOn, day));
        }
      }
      if (cohort.isEmpty()) {
        continue;
      }
      Long size = Fold.installs(cohort.getLongCardinality());
      List<Cell> cells = new ArrayList<>();
      for (int since = 0; index + since < seenIn.size(); since++) {
        LocalDate periodEnd = start.plusDays((long) (since + 1) * length - 1);
        Long retained =
            size == null
                ? null
                : Fold.installs(RoaringBitmap.andCardinality(cohort, seenIn.get(index + since)));
        cells.add(new Cell(since, retained, Fold.share(retained, size), periodEnd.isAfter(to)));
      }
      cohorts.add(new Cohort(start.toString(), size, cells));
    }
    return cohorts;
  }

  private static List<Rate> rates(RollupRange range, Map<LocalDate, RoaringBitmap> newOn) {
    List<Rate> rates = new ArrayList<>();
    for (int n : RATE_DAYS) {
      long cohort = 0;
      long retained = 0;
      for (LocalDate day = range.from(); !day.isAfter(range.to()); day = day.plusDays(1)) {
        RoaringBitmap first = newOn(newOn, day.minusDays(n));
        cohort += first.getLongCardinality();
        retained += RoaringBitmap.andCardinality(first, range.all(day));
      }
      Long shownCohort = Fold.installs(cohort);
      Long shownRetained = shownCohort == null ? null : Fold.installs(retained);
      rates.add(new Rate(n, shownCohort, shownRetained, Fold.share(shownRetained, shownCohort)));
    }
    return rates;
  }

  private static OneAndDone oneAndDone(RollupRange range, Map<LocalDate, RoaringBitmap> newOn) {
    long installs = 0;
    long single = 0;
    RoaringBitmap seenLater = new RoaringBitmap();
    for (LocalDate day = range.to(); !day.isBefore(range.from()); day = day.minusDays(1)) {
      if (day.isBefore(range.to())) {
        RoaringBitmap first = newOn(newOn, day);
        installs += first.getLongCardinality();
        single += RoaringBitmap.andNotCardinality(first, seenLater);
      }
      seenLater.or(range.all(day));
    }
    Long shownInstalls = Fold.installs(installs);
    Long shownSingle = shownInstalls == null ? null : Fold.installs(single);
    return new OneAndDone(shownInstalls, shownSingle, Fold.share(shownSingle, shownInstalls));
  }

  /** The installs new on a day from the look-back's first to the range's last. */
  private static RoaringBitmap newOn(Map<LocalDate, RoaringBitmap> newOn, LocalDate day) {
    return Objects.requireNonNull(newOn.get(day), "no new installs computed for the day");
  }

  @Override
  public CsvTable table() {
    List<List<Object>> rows = new ArrayList<>();
    for (Cohort cohort : cohorts) {
      for (Cell cell : cohort.retained()) {
        rows.add(
            Arrays.asList(
                "cohort",
                cohort.start(),
                cohort.installs(),
                period + "s_since:" + cell.periodsSince(),
                cell.installs(),
                cell.share()));
      }
    }
    for (Rate rate : rates) {
      rows.add(
          Arrays.asList(
              "rate",
              "day_" + rate.days(),
              rate.cohortInstalls(),
              "retained",
              rate.retained(),
              rate.rate()));
    }
    rows.add(
        Arrays.asList(
            "one_and_done",
            "single_day",
            oneAndDone.newInstalls(),
            "single_day",
            oneAndDone.singleDay(),
            oneAndDone.share()));
    return new CsvTable(
        List.of("kind", "key", "base_installs", "measure", "installs", "share"), rows);
  }
}
