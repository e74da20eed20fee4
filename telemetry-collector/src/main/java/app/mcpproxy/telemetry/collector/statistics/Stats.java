package app.mcpproxy.telemetry.collector.statistics;

import java.util.List;
import java.util.Map;

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
 * @param featureFlagsReporting installs that reported feature flags
 * @param featureFlags installs with each flag on, and with each OAuth provider type
 * @param errorCategories error counts per category
 * @param surfaces request counts per client surface
 * @param builtinTools call counts per built-in tool
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
    long featureFlagsReporting,
    List<Group> featureFlags,
    List<Total> errorCategories,
    List<Total> surfaces,
    List<Total> builtinTools) {

  static final int MIN_GROUP_INSTALLS = 5;
  static final String OTHER = "other";

  /**
   * Installs active on one day.
   *
   * @param day {@code YYYY-MM-DD}
   * @param installs distinct installs
   */
  record DayCount(String day, long installs) {}

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
  record FunnelStep(String step, Long installs) {}

  /**
   * A summed counter.
   *
   * @param key the counter's name, or {@code other}
   * @param total sum over the range
   * @param installs distinct installs that counted at least one
   */
  record Total(String key, long total, long installs) {}
}
