package app.mcpproxy.telemetry.collector.statistics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Aggregates over a range of UTC days, as {@code GET /v1/stats} returns them. No group of fewer
 * than {@link #MIN_GROUP_INSTALLS} distinct installs is shown by name: such groups are folded into
 * a group named {@code other}, and funnel steps that small are withheld ({@code null}).
 *
 * @param from first day, inclusive
 * @param to last day, inclusive
 * @param minGroupInstalls the smallest group shown by name
 * @param installs distinct installs seen in the range
 * @param dailyActiveInstalls installs seen per day, every day of the range
 * @param installsBy installs per value of version, os, arch, edition, env_kind and launch_source
 * @param activationFunnel installs that reported activation, then connected a server, then also an
 *     MCP client, then also called {@code retrieve_tools}
 * @param upgrades installs per {@code previous -> current} version change
 * @param featureFlagsReporting installs that reported feature flags (under a filter, {@code null}
 *     when fewer than the minimum)
 * @param featureFlags installs with each flag on, and with each OAuth provider type
 * @param errorCategories error counts per category
 * @param surfaces request counts per client surface
 * @param builtinTools call counts per built-in tool
 * @param filter the filter applied; with one, counter sums are not known ({@code null})
 */
public record Stats(
    String from,
    String to,
    int minGroupInstalls,
    long installs,
    List<DayCount> dailyActiveInstalls,
    Map<String, List<Group>> installsBy,
    List<FunnelStep> activationFunnel,
    List<Group> upgrades,
    @Nullable Long featureFlagsReporting,
    List<Group> featureFlags,
    List<Total> errorCategories,
    List<Total> surfaces,
    List<Total> builtinTools,
    StatsFilter filter)
    implements StatsView {

  @Override
  public CsvTable table() {
    List<List<Object>> rows = new ArrayList<>();
    rows.add(Arrays.asList("installs", null, installs, null));
    dailyActiveInstalls.forEach(
        day -> rows.add(Arrays.asList("daily_active_installs", day.day(), day.installs(), null)));
    installsBy.forEach(
        (dimension, groups) ->
            groups.forEach(
                group ->
                    rows.add(
                        Arrays.asList("by_" + dimension, group.key(), group.installs(), null))));
    activationFunnel.forEach(
        step -> rows.add(Arrays.asList("activation_funnel", step.step(), step.installs(), null)));
    upgrades.forEach(
        group -> rows.add(Arrays.asList("upgrades", group.key(), group.installs(), null)));
    rows.add(Arrays.asList("feature_flags_reporting", null, featureFlagsReporting, null));
    featureFlags.forEach(
        group -> rows.add(Arrays.asList("feature_flags", group.key(), group.installs(), null)));
    errorCategories.forEach(
        t -> rows.add(Arrays.asList("error_categories", t.key(), t.installs(), t.total())));
    surfaces.forEach(t -> rows.add(Arrays.asList("surfaces", t.key(), t.installs(), t.total())));
    builtinTools.forEach(
        t -> rows.add(Arrays.asList("builtin_tools", t.key(), t.installs(), t.total())));
    return new CsvTable(List.of("section", "key", "installs", "total"), rows);
  }

  /** The smallest group shown by name; smaller ones are counted together as {@code other}. */
  public static final int MIN_GROUP_INSTALLS = 5;

  static final String OTHER = "other";

  /**
   * Installs active on one day.
   *
   * @param day {@code YYYY-MM-DD}
   * @param installs distinct installs; under a filter {@code null} when fewer than the minimum
   */
  record DayCount(String day, @Nullable Long installs) {}

  /**
   * Distinct installs sharing a value.
   *
   * @param key the value, or {@code other}
   * @param installs distinct installs
   */
  record Group(String key, long installs) {}

  /**
   * One step of a funnel.
   *
   * @param step the step's name
   * @param installs distinct installs, or {@code null} when fewer than the minimum
   */
  record FunnelStep(String step, @Nullable Long installs) {}

  /**
   * A summed counter.
   *
   * @param key the counter's name, or {@code other}
   * @param total sum over the range, or {@code null} under a filter (sums are kept per day only)
   * @param installs distinct installs that counted at least one
   */
  record Total(String key, @Nullable Long total, long installs) {}
}
