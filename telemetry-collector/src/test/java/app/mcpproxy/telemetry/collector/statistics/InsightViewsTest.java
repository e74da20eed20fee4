package app.mcpproxy.telemetry.collector.statistics;

import static app.mcpproxy.telemetry.collector.statistics.TestRequests.uncached;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import app.mcpproxy.telemetry.collector.TestDatabase;
import app.mcpproxy.telemetry.collector.TestHeartbeats;
import app.mcpproxy.telemetry.collector.storage.CollectorDatabase;
import app.mcpproxy.telemetry.collector.storage.InstallDayWriter;
import app.mcpproxy.telemetry.collector.storage.ReceivedHeartbeat;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The insight views (retention, activity, version adoption, funnel), computed from day rollups,
 * checked against the same figures counted install by install from a model of the fleet written to
 * the database: with and without filters, with every day closed and with the last days open.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.Kind.class)
class InsightViewsTest {
  private static final LocalDate FIRST = LocalDate.parse("2025-01-06");
  private static final LocalDate LAST = LocalDate.parse("2025-03-09");
  private static final List<String> OS = List.of("linux", "darwin", "windows");
  private static final List<String> ENV = List.of("interactive", "ci", "container", "headless");

  @Parameter TestDatabase.Kind kind;

  @TempDir Path directory;

  @AutoClose private TestDatabase testDatabase;
  private CollectorDatabase database;

  /** One install-day of the model. */
  private record Seen(String os, String env, String version, boolean connected, boolean client) {}

  /** Per install, the days it was seen and what it reported. */
  private final Map<String, TreeMap<LocalDate, Seen>> fleet = new LinkedHashMap<>();

  @BeforeEach
  void writeFleet() throws SQLException {
    assumeTrue(kind.available(), kind.skipReason());
    testDatabase = TestDatabase.create(kind, directory);
    database = testDatabase.openCollector();
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 160; i++) {
      String id = UUID.randomUUID().toString();
      LocalDate joined = FIRST.plusDays(random.nextInt((int) ChronoUnit.DAYS.between(FIRST, LAST)));
      String os = i >= 155 ? "windows" : OS.get(random.nextInt(2));
      String env = ENV.get(random.nextInt(ENV.size()));
      double stay = random.nextDouble();
      int upgradeAfter = random.nextInt(40);
      boolean connected = random.nextDouble() < 0.8;
      boolean client = connected && random.nextDouble() < 0.6;
      TreeMap<LocalDate, Seen> days = new TreeMap<>();
      for (LocalDate day = joined; !day.isAfter(LAST); day = day.plusDays(1)) {
        if (day.equals(joined) || random.nextDouble() < stay * 0.7) {
          long since = ChronoUnit.DAYS.between(joined, day);
          days.put(
              day,
              new Seen(os, env, since >= upgradeAfter ? "v0.26.0" : "v0.25.0", connected, client));
        }
        if (random.nextDouble() < 0.03) {
          break;
        }
      }
      fleet.put(id, days);
    }
    try (Connection connection = database.connection()) {
      connection.setAutoCommit(false);
      List<ReceivedHeartbeat> heartbeats = new ArrayList<>();
      for (Map.Entry<String, TreeMap<LocalDate, Seen>> install : fleet.entrySet()) {
        for (Map.Entry<LocalDate, Seen> day : install.getValue().entrySet()) {
          Seen seen = day.getValue();
          ObjectNode heartbeat =
              TestHeartbeats.complete()
                  .put("anonymous_id", install.getKey())
                  .put("os", seen.os())
                  .put("env_kind", seen.env())
                  .put("version", seen.version())
                  .put("current_version", seen.version());
          ObjectNode activation = (ObjectNode) heartbeat.get("activation");
          activation.put("first_connected_server_ever", seen.connected());
          activation.put("first_mcp_client_ever", seen.client());
          heartbeats.add(
              ReceivedHeartbeat.of(day.getKey().toString(), null, heartbeat, heartbeat.toString()));
        }
      }
      new InstallDayWriter(TestHeartbeats.MAPPER, database.vendor()).write(connection, heartbeats);
      connection.commit();
    }
  }

  private static final LocalDate FROM = LocalDate.parse("2025-02-08");

  private static final List<StatsFilter> FILTERS =
      List.of(
          StatsFilter.NONE,
          new StatsFilter(List.of(), true, List.of(), List.of(), List.of()),
          new StatsFilter(
              List.of("ci", "interactive"), false, List.of("linux"), List.of(), List.of()),
          new StatsFilter(List.of(), false, List.of(), List.of("v0.26.0"), List.of("personal")));

  @Test
  void activityCountsNewReturningAndGoneInstallsOfEachDay() throws SQLException {
    for (LocalDate firstOpen : firstOpenDays()) {
      try (Connection connection = freshRollups()) {
        for (StatsFilter filter : FILTERS) {
          assertThat(Activity.run(connection, uncached(FROM, LAST, filter, firstOpen)))
              .as(filter + " open from " + firstOpen)
              .isEqualTo(expectedActivity(FROM, LAST, filter));
        }
      }
    }
    assertThat(expectedActivity(FROM, LAST, StatsFilter.NONE).days())
        .as("the model has new, returning and gone installs to count")
        .anyMatch(day -> day.newInstalls() != null && day.newInstalls() > 0)
        .anyMatch(day -> day.gone() != null && day.gone() > 0)
        .anyMatch(day -> day.returning() != null && day.returning() > 0);
  }

  @Test
  void retentionGroupsNewInstallsIntoCohortsAndCountsThemLater() throws SQLException {
    for (LocalDate firstOpen : firstOpenDays()) {
      try (Connection connection = freshRollups()) {
        for (StatsFilter filter : FILTERS) {
          for (LocalDate from : List.of(FROM, LAST.minusDays(9))) {
            assertThat(Retention.run(connection, uncached(from, LAST, filter, firstOpen)))
                .as(filter + " from " + from + " open from " + firstOpen)
                .isEqualTo(expectedRetention(from, LAST, filter));
          }
        }
      }
    }
    Retention weekly = expectedRetention(FROM, LAST, StatsFilter.NONE);
    assertThat(weekly.period()).isEqualTo("week");
    assertThat(weekly.cohorts()).hasSizeGreaterThan(3);
    assertThat(weekly.rates()).extracting(Retention.Rate::rate).doesNotContainNull();
    assertThat(expectedRetention(LAST.minusDays(9), LAST, StatsFilter.NONE).period())
        .isEqualTo("day");
  }

  @Test
  void versionAdoptionCountsEachVersionEachDayFoldingSmallOnes() throws SQLException {
    for (LocalDate firstOpen : firstOpenDays()) {
      try (Connection connection = freshRollups()) {
        for (StatsFilter filter : FILTERS) {
          assertThat(VersionAdoption.run(connection, uncached(FROM, LAST, filter, firstOpen)))
              .as(filter + " open from " + firstOpen)
              .isEqualTo(expectedVersions(FROM, LAST, filter));
        }
      }
    }
    assertThat(expectedVersions(FROM, LAST, StatsFilter.NONE).series())
        .extracting(VersionAdoption.Series::version)
        .contains("v0.25.0", "v0.26.0");
  }

  @Test
  void funnelGivesConversionOverallAndPerEnvironment() throws SQLException {
    for (LocalDate firstOpen : firstOpenDays()) {
      try (Connection connection = freshRollups()) {
        for (StatsFilter filter : FILTERS) {
          // From the first day, the range holds the whole of February: read as its month.
          for (LocalDate from : List.of(FROM, FIRST)) {
            assertThat(Funnel.run(connection, uncached(from, LAST, filter, firstOpen)))
                .as(filter + " from " + from + " open from " + firstOpen)
                .isEqualTo(expectedFunnel(from, LAST, filter));
          }
        }
      }
    }
    Funnel all = expectedFunnel(FROM, LAST, StatsFilter.NONE);
    assertThat(all.byEnvKind()).extracting(Funnel.EnvFunnel::envKind).contains("ci", "interactive");
    assertThat(all.overall().get(1).fromPrevious()).isBetween(0.5, 1.0);
  }

  @Test
  void theOverviewUnderAFilterCountsOnlyTheInstallsItKeeps() throws SQLException {
    StatsFilter linux = new StatsFilter(List.of(), false, List.of("linux"), List.of(), List.of());
    try (Connection connection = freshRollups()) {
      Stats stats = RollupStats.run(connection, uncached(FROM, LAST, linux, LAST.plusDays(1)));
      assertThat(stats.installs()).isEqualTo(count(FROM, LAST, linux));
      assertThat(stats.installsBy().get("os"))
          .containsExactly(new Stats.Group("linux", stats.installs()));
      assertThat(stats.surfaces()).allSatisfy(total -> assertThat(total.total()).isNull());
      assertThat(stats.filter()).isEqualTo(linux);
      List<Long> daily = new ArrayList<>();
      for (LocalDate day = FROM; !day.isAfter(LAST); day = day.plusDays(1)) {
        daily.add(Fold.installs(installsOn(day, seen -> keeps(linux, seen)).size()));
      }
      assertThat(stats.dailyActiveInstalls())
          .extracting(Stats.DayCount::installs)
          .containsExactlyElementsOf(daily);
    }
  }

  @Test
  void refusesAFilterThatKeepsOrLeavesOutFewerThanFiveInstalls() throws SQLException {
    // Five installs run Windows: a day when one to four of them were seen.
    LocalDate day = fewWindowsDay();
    StatsFilter windows =
        new StatsFilter(List.of(), false, List.of("windows"), List.of(), List.of());
    StatsFilter notWindows =
        new StatsFilter(List.of(), false, List.of("linux", "darwin"), List.of(), List.of());
    try (Connection connection = freshRollups()) {
      for (StatsFilter filter : List.of(windows, notWindows)) {
        assertThatThrownBy(
                () -> Activity.run(connection, uncached(day, day, filter, LAST.plusDays(1))))
            .isInstanceOf(StatsFilter.TooNarrow.class);
        assertThatThrownBy(
                () -> RollupStats.run(connection, uncached(day, day, filter, LAST.plusDays(1))))
            .isInstanceOf(StatsFilter.TooNarrow.class);
      }
    }
  }

  /** A day when one to four installs ran Windows. */
  private LocalDate fewWindowsDay() {
    for (LocalDate day = FIRST; !day.isAfter(LAST); day = day.plusDays(1)) {
      long windows = installsOn(day, seen -> seen.os().equals("windows")).size();
      if (windows > 0 && windows < Stats.MIN_GROUP_INSTALLS) {
        return day;
      }
    }
    throw new AssertionError("the model has no day with one to four Windows installs");
  }

  private List<LocalDate> firstOpenDays() {
    return List.of(LAST.plusDays(1), FROM.plusDays(3));
  }

  /** A connection to a database whose rollups are dropped, so that every run closes days anew. */
  private Connection freshRollups() throws SQLException {
    Connection connection = database.connection();
    try (Statement statement = connection.createStatement()) {
      statement.executeUpdate("DELETE FROM day_rollups");
      statement.executeUpdate("DELETE FROM month_rollups");
    }
    return connection;
  }

  // The model's figures, counted install by install.

  private static boolean keeps(StatsFilter filter, Seen seen) {
    return (filter.envKind().isEmpty() || filter.envKind().contains(seen.env()))
        && (!filter.peopleOnly() || !StatsFilter.NOT_PEOPLE.contains(seen.env()))
        && (filter.os().isEmpty() || filter.os().contains(seen.os()))
        && (filter.version().isEmpty() || filter.version().contains(seen.version()))
        && (filter.edition().isEmpty() || filter.edition().contains("personal"));
  }

  private Set<String> installsOn(LocalDate day, Predicate<Seen> predicate) {
    Set<String> installs = new HashSet<>();
    fleet.forEach(
        (id, days) -> {
          Seen seen = days.get(day);
          if (seen != null && predicate.test(seen)) {
            installs.add(id);
          }
        });
    return installs;
  }

  private long count(LocalDate from, LocalDate to, StatsFilter filter) {
    Set<String> installs = new HashSet<>();
    for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
      installs.addAll(installsOn(day, seen -> keeps(filter, seen)));
    }
    return installs.size();
  }

  private boolean seenWithin(String id, LocalDate first, LocalDate last) {
    return !first.isAfter(last) && !fleet.get(id).subMap(first, true, last, true).isEmpty();
  }

  private LocalDate firstDay(String id) {
    return fleet.get(id).firstKey();
  }

  /** Installs first seen on a day, kept by the filter on that day. */
  private Set<String> newOn(LocalDate day, StatsFilter filter) {
    Set<String> installs = installsOn(day, seen -> keeps(filter, seen));
    installs.removeIf(id -> !firstDay(id).equals(day));
    return installs;
  }

  private Activity expectedActivity(LocalDate from, LocalDate to, StatsFilter filter) {
    List<Activity.ActivityDay> days = new ArrayList<>();
    for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
      Set<String> active = installsOn(day, seen -> keeps(filter, seen));
      long fresh = newOn(day, filter).size();
      LocalDate last = day.minusDays(Activity.GONE_AFTER_DAYS);
      Set<String> gone = installsOn(last, seen -> keeps(filter, seen));
      LocalDate today = day;
      gone.removeIf(id -> seenWithin(id, last.plusDays(1), today));
      days.add(
          new Activity.ActivityDay(
              day.toString(),
              Fold.installs(active.size()),
              Fold.installs(fresh),
              Fold.installs(active.size() - fresh),
              Fold.installs(gone.size())));
    }
    return new Activity(from.toString(), to.toString(), 5, Activity.GONE_AFTER_DAYS, filter, days);
  }

  private Retention expectedRetention(LocalDate from, LocalDate to, StatsFilter filter) {
    boolean daily = ChronoUnit.DAYS.between(from, to) < Retention.DAILY_UP_TO_DAYS;
    int length = daily ? 1 : 7;
    LocalDate firstStart =
        daily ? from : from.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    List<Retention.Cohort> cohorts = new ArrayList<>();
    for (LocalDate start = firstStart; !start.isAfter(to); start = start.plusDays(length)) {
      Set<String> cohort = new HashSet<>();
      for (int d = 0; d < length; d++) {
        LocalDate day = start.plusDays(d);
        if (!day.isBefore(from) && !day.isAfter(to)) {
          cohort.addAll(newOn(day, filter));
        }
      }
      if (cohort.isEmpty()) {
        continue;
      }
      Long size = Fold.installs(cohort.size());
      List<Retention.Cell> cells = new ArrayList<>();
      for (int since = 0; !start.plusDays((long) since * length).isAfter(to); since++) {
        LocalDate periodStart = start.plusDays((long) since * length);
        LocalDate periodEnd = periodStart.plusDays(length - 1L);
        LocalDate end = periodEnd.isAfter(to) ? to : periodEnd;
        long retained = cohort.stream().filter(id -> seenWithin(id, periodStart, end)).count();
        Long shown = size == null ? null : Fold.installs(retained);
        cells.add(new Retention.Cell(since, shown, Fold.share(shown, size), periodEnd.isAfter(to)));
      }
      cohorts.add(new Retention.Cohort(start.toString(), size, cells));
    }
    List<Retention.Rate> rates = new ArrayList<>();
    for (int n : List.of(1, 7, 30)) {
      long base = 0;
      long retained = 0;
      for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
        Set<String> first = newOn(day.minusDays(n), filter);
        base += first.size();
        LocalDate today = day;
        retained += first.stream().filter(id -> fleet.get(id).containsKey(today)).count();
      }
      Long shownBase = Fold.installs(base);
      Long shownRetained = shownBase == null ? null : Fold.installs(retained);
      rates.add(
          new Retention.Rate(n, shownBase, shownRetained, Fold.share(shownRetained, shownBase)));
    }
    long newInstalls = 0;
    long single = 0;
    for (LocalDate day = from; day.isBefore(to); day = day.plusDays(1)) {
      for (String id : newOn(day, filter)) {
        newInstalls++;
        if (!seenWithin(id, day.plusDays(1), to)) {
          single++;
        }
      }
    }
    Long shownNew = Fold.installs(newInstalls);
    Long shownSingle = shownNew == null ? null : Fold.installs(single);
    return new Retention(
        from.toString(),
        to.toString(),
        5,
        filter,
        daily ? "day" : "week",
        cohorts,
        rates,
        new Retention.OneAndDone(shownNew, shownSingle, Fold.share(shownSingle, shownNew)));
  }

  private VersionAdoption expectedVersions(LocalDate from, LocalDate to, StatsFilter filter) {
    List<String> days = new ArrayList<>();
    Map<String, Map<String, Long>> byVersion = new TreeMap<>();
    Map<String, Long> weight = new HashMap<>();
    List<Long> other = new ArrayList<>();
    boolean anyOther = false;
    int index = 0;
    for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1), index++) {
      days.add(day.toString());
      long folded = 0;
      for (String version : List.of("v0.25.0", "v0.26.0")) {
        long installs =
            installsOn(day, seen -> keeps(filter, seen) && seen.version().equals(version)).size();
        if (installs >= Stats.MIN_GROUP_INSTALLS) {
          byVersion.computeIfAbsent(version, v -> new HashMap<>()).put(day.toString(), installs);
          weight.merge(version, installs, Long::sum);
        } else {
          folded += installs;
        }
      }
      anyOther |= folded > 0;
      other.add(Fold.installs(folded));
    }
    List<VersionAdoption.Series> series = new ArrayList<>();
    byVersion.keySet().stream()
        .sorted((a, b) -> Long.compare(weight.get(b), weight.get(a)))
        .forEach(
            version ->
                series.add(
                    new VersionAdoption.Series(
                        version, days.stream().map(byVersion.get(version)::get).toList())));
    if (anyOther) {
      series.add(new VersionAdoption.Series("other", other));
    }
    return new VersionAdoption(from.toString(), to.toString(), 5, filter, days, series);
  }

  private Funnel expectedFunnel(LocalDate from, LocalDate to, StatsFilter filter) {
    List<Predicate<Seen>> steps =
        List.of(seen -> true, Seen::connected, Seen::client, seen -> false);
    Map<String, Set<String>> envInstalls = new TreeMap<>();
    Map<String, List<Set<String>>> envSteps = new HashMap<>();
    List<Set<String>> overall = emptySteps();
    for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
      for (Map.Entry<String, TreeMap<LocalDate, Seen>> install : fleet.entrySet()) {
        Seen seen = install.getValue().get(day);
        if (seen == null || !keeps(filter, seen)) {
          continue;
        }
        envInstalls.computeIfAbsent(seen.env(), e -> new HashSet<>()).add(install.getKey());
        List<Set<String>> forEnv = envSteps.computeIfAbsent(seen.env(), e -> emptySteps());
        for (int i = 0; i < steps.size(); i++) {
          if (steps.get(i).test(seen)) {
            overall.get(i).add(install.getKey());
            forEnv.get(i).add(install.getKey());
          }
        }
      }
    }
    List<Funnel.EnvFunnel> byEnv = new ArrayList<>();
    Set<String> otherInstalls = new HashSet<>();
    List<Set<String>> otherSteps = emptySteps();
    envInstalls.forEach(
        (env, installs) -> {
          if (installs.size() >= Stats.MIN_GROUP_INSTALLS) {
            byEnv.add(new Funnel.EnvFunnel(env, (long) installs.size(), steps(envSteps.get(env))));
          } else {
            otherInstalls.addAll(installs);
            for (int i = 0; i < otherSteps.size(); i++) {
              otherSteps.get(i).addAll(envSteps.get(env).get(i));
            }
          }
        });
    byEnv.sort(
        (a, b) ->
            a.installs().equals(b.installs())
                ? a.envKind().compareTo(b.envKind())
                : Long.compare(b.installs(), a.installs()));
    if (!otherInstalls.isEmpty()) {
      byEnv.add(
          new Funnel.EnvFunnel("other", Fold.installs(otherInstalls.size()), steps(otherSteps)));
    }
    return new Funnel(from.toString(), to.toString(), 5, filter, steps(overall), byEnv);
  }

  private static List<Set<String>> emptySteps() {
    List<Set<String>> sets = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      sets.add(new HashSet<>());
    }
    return sets;
  }

  private static List<Funnel.Step> steps(List<Set<String>> reached) {
    List<String> names =
        List.of("reported", "connected_server", "mcp_client", "retrieve_tools_call");
    List<Funnel.Step> steps = new ArrayList<>();
    Long first = Fold.installs(reached.get(0).size());
    Long previous = first;
    for (int i = 0; i < reached.size(); i++) {
      Long installs = Fold.installs(reached.get(i).size());
      steps.add(
          new Funnel.Step(
              names.get(i), installs, Fold.share(installs, previous), Fold.share(installs, first)));
      previous = installs;
    }
    return steps;
  }
}
