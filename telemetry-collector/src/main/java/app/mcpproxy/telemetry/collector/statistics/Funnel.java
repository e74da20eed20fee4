package app.mcpproxy.telemetry.collector.statistics;

import app.mcpproxy.telemetry.collector.storage.DayRollup;
import app.mcpproxy.telemetry.collector.storage.MonthRollups;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.roaringbitmap.RoaringBitmap;

/**
 * The activation funnel with its conversion rates (reported activation → connected a server → also
 * an MCP client → also called {@code retrieve_tools}), for all installs the filter keeps and split
 * by environment. Environments with fewer installs than the fold's minimum are counted together as
 * {@code other}; a step of fewer installs than that is withheld, and so are rates that need it.
 *
 * @param from first day, inclusive
 * @param to last day, inclusive
 * @param minGroupInstalls the fold's minimum
 * @param filter the filter applied
 * @param overall the funnel of every install kept
 * @param byEnvKind the funnel of each environment
 */
public record Funnel(
    String from,
    String to,
    int minGroupInstalls,
    StatsFilter filter,
    List<Step> overall,
    List<EnvFunnel> byEnvKind)
    implements StatsView {

  /**
   * One step.
   *
   * @param step its name
   * @param installs installs that reached it in the range
   * @param fromPrevious share of the previous step's installs (1 for the first)
   * @param fromFirst share of the first step's installs
   */
  public record Step(
      String step,
      @Nullable Long installs,
      @Nullable Double fromPrevious,
      @Nullable Double fromFirst) {}

  /**
   * The funnel of one environment.
   *
   * @param envKind the environment, or {@code other}
   * @param installs installs of that environment in the range
   * @param steps its steps
   */
  public record EnvFunnel(String envKind, @Nullable Long installs, List<Step> steps) {}

  private static final String ENV_PREFIX = DayRollup.dimensionName("env_kind", "");
  private static final String FUNNEL_PREFIX = DayRollup.funnelName("");

  /**
   * Computes the view.
   *
   * @param connection a connection in auto-commit mode
   * @param request the range, the installs that count and the open days
   * @return the view
   * @throws SQLException when the database fails
   */
  public static Funnel run(Connection connection, StatsRequest request) throws SQLException {
    return run(connection, request, true);
  }

  /** As the public {@code run}, taking finished months from their month rollups or not. */
  static Funnel run(Connection connection, StatsRequest request, boolean byMonth)
      throws SQLException {
    RollupRange range =
        RollupRange.load(
            connection,
            request,
            new RollupRange.Reading(
                request.from(),
                false,
                List.of(),
                List.of(ENV_PREFIX, FUNNEL_PREFIX, MonthRollups.ENV_FUNNEL),
                byMonth));
    return compute(range);
  }

  static Funnel compute(RollupRange range) {
    // Per environment (and "" for all), the installs of the range and those of each step.
    Map<String, RoaringBitmap> installs = new LinkedHashMap<>();
    Map<String, List<RoaringBitmap>> steps = new LinkedHashMap<>();
    for (DayRollup month : range.months()) {
      // A month holds each environment's steps as reached on the days of that environment.
      reach(
          installs,
          steps,
          "",
          month.installsOf(DayRollup.ALL),
          step -> month.installsOf(DayRollup.funnelName(step)));
      month
          .installs()
          .forEach(
              (name, set) -> {
                if (name.startsWith(ENV_PREFIX)) {
                  String env = name.substring(ENV_PREFIX.length());
                  reach(
                      installs,
                      steps,
                      env,
                      set,
                      step -> month.installsOf(MonthRollups.envFunnelName(step, env)));
                }
              });
    }
    for (LocalDate day = range.from(); !day.isAfter(range.to()); day = day.plusDays(1)) {
      if (range.inMonth(day)) {
        continue;
      }
      DayRollup rollup = range.day(day);
      RoaringBitmap kept = range.kept(day);
      Map<String, RoaringBitmap> groups = new LinkedHashMap<>();
      groups.put("", kept);
      rollup
          .installs()
          .forEach(
              (name, set) -> {
                if (name.startsWith(ENV_PREFIX)) {
                  groups.put(name.substring(ENV_PREFIX.length()), RoaringBitmap.and(set, kept));
                }
              });
      groups.forEach(
          (env, set) ->
              reach(
                  installs,
                  steps,
                  env,
                  set,
                  step -> RoaringBitmap.and(rollup.installsOf(DayRollup.funnelName(step)), set)));
    }
    List<Step> overall = steps(steps.getOrDefault("", newSteps()));
    List<EnvFunnel> byEnv = new ArrayList<>();
    RoaringBitmap otherInstalls = new RoaringBitmap();
    List<RoaringBitmap> otherSteps = newSteps();
    installs.forEach(
        (env, set) -> {
          if (env.isEmpty() || set.isEmpty()) {
            return;
          }
          long size = set.getLongCardinality();
          // Both maps gain an environment together.
          List<RoaringBitmap> reached =
              Objects.requireNonNull(steps.get(env), "an environment has no steps");
          if (size >= Stats.MIN_GROUP_INSTALLS) {
            byEnv.add(new EnvFunnel(env, size, steps(reached)));
          } else {
            otherInstalls.or(set);
            for (int i = 0; i < otherSteps.size(); i++) {
              otherSteps.get(i).or(reached.get(i));
            }
          }
        });
    byEnv.sort(
        Comparator.comparing(EnvFunnel::installs, Comparator.reverseOrder())
            .thenComparing(EnvFunnel::envKind));
    if (!otherInstalls.isEmpty()) {
      byEnv.add(
          new EnvFunnel(
              Stats.OTHER, Fold.installs(otherInstalls.getLongCardinality()), steps(otherSteps)));
    }
    return new Funnel(
        range.from().toString(),
        range.to().toString(),
        Stats.MIN_GROUP_INSTALLS,
        range.filter(),
        overall,
        byEnv);
  }

  /** Adds an environment's installs of a day or month, and those that reached each step. */
  private static void reach(
      Map<String, RoaringBitmap> installs,
      Map<String, List<RoaringBitmap>> steps,
      String env,
      RoaringBitmap set,
      Function<String, RoaringBitmap> reachedStep) {
    installs.computeIfAbsent(env, e -> new RoaringBitmap()).or(set);
    List<RoaringBitmap> reached = steps.computeIfAbsent(env, e -> newSteps());
    for (int i = 0; i < DayRollup.FUNNEL_STEPS.size(); i++) {
      reached.get(i).or(reachedStep.apply(DayRollup.FUNNEL_STEPS.get(i)));
    }
  }

  private static List<RoaringBitmap> newSteps() {
    List<RoaringBitmap> sets = new ArrayList<>();
    DayRollup.FUNNEL_STEPS.forEach(step -> sets.add(new RoaringBitmap()));
    return sets;
  }

  private static List<Step> steps(List<RoaringBitmap> reached) {
    List<Step> steps = new ArrayList<>();
    Long first = null;
    Long previous = null;
    for (int i = 0; i < reached.size(); i++) {
      Long installs = Fold.installs(reached.get(i).getLongCardinality());
      if (i == 0) {
        first = installs;
        previous = installs;
      }
      steps.add(
          new Step(
              DayRollup.FUNNEL_STEPS.get(i),
              installs,
              Fold.share(installs, previous),
              Fold.share(installs, first)));
      previous = installs;
    }
    return steps;
  }

  @Override
  public CsvTable table() {
    List<List<Object>> rows = new ArrayList<>();
    for (Step step : overall) {
      rows.add(
          Arrays.asList(
              "all", null, step.step(), step.installs(), step.fromPrevious(), step.fromFirst()));
    }
    for (EnvFunnel env : byEnvKind) {
      for (Step step : env.steps()) {
        rows.add(
            Arrays.asList(
                env.envKind(),
                env.installs(),
                step.step(),
                step.installs(),
                step.fromPrevious(),
                step.fromFirst()));
      }
    }
    return new CsvTable(
        List.of(
            "env_kind",
            "env_installs",
            "step",
            "installs",
            "conversion_from_previous",
            "conversion_from_first"),
        rows);
  }
}
