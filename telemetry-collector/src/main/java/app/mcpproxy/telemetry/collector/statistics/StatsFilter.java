package app.mcpproxy.telemetry.collector.statistics;

import app.mcpproxy.telemetry.collector.storage.DayRollup;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.roaringbitmap.RoaringBitmap;

/**
 * Which installs the statistics count, by what each install reported on a day: its environment
 * (with "people only" leaving out {@code ci}, {@code container} and {@code cloud_ide}), OS, version
 * and edition. Within a dimension the values given are alternatives; dimensions combine. An empty
 * list keeps every value.
 *
 * @param envKind environments kept
 * @param peopleOnly whether CI, containers and cloud IDEs are left out
 * @param os operating systems kept
 * @param version versions kept
 * @param edition editions kept
 */
public record StatsFilter(
    List<String> envKind,
    boolean peopleOnly,
    List<String> os,
    List<String> version,
    List<String> edition) {

  /** The filter that keeps every install. */
  public static final StatsFilter NONE =
      new StatsFilter(List.of(), false, List.of(), List.of(), List.of());

  /** The environments that are machines rather than people. */
  public static final List<String> NOT_PEOPLE = List.of("ci", "container", "cloud_ide");

  public StatsFilter {
    envKind = List.copyOf(envKind);
    os = List.copyOf(os);
    version = List.copyOf(version);
    edition = List.copyOf(edition);
  }

  /** Whether this filter keeps every install. */
  public boolean keepsAll() {
    return !peopleOnly
        && envKind.isEmpty()
        && os.isEmpty()
        && version.isEmpty()
        && edition.isEmpty();
  }

  private Map<String, List<String>> selections() {
    return Map.of("env_kind", envKind, "os", os, "version", version, "edition", edition);
  }

  /** The rollup names a day must be read with for this filter to apply to it. */
  List<String> names() {
    List<String> names = new ArrayList<>();
    names.add(DayRollup.ALL);
    selections()
        .forEach(
            (dimension, values) ->
                values.forEach(value -> names.add(DayRollup.dimensionName(dimension, value))));
    if (peopleOnly) {
      NOT_PEOPLE.forEach(env -> names.add(DayRollup.dimensionName("env_kind", env)));
    }
    return names;
  }

  /**
   * The installs of a day this filter keeps.
   *
   * @param day the day's rollup, holding at least {@link #names()}
   * @return a new set
   */
  RoaringBitmap keptOn(DayRollup day) {
    RoaringBitmap kept = day.installsOf(DayRollup.ALL).clone();
    for (Map.Entry<String, List<String>> selection : selections().entrySet()) {
      if (selection.getValue().isEmpty()) {
        continue;
      }
      kept.and(anyOf(day, selection.getKey(), selection.getValue()));
    }
    if (peopleOnly) {
      kept.andNot(anyOf(day, "env_kind", NOT_PEOPLE));
    }
    return kept;
  }

  /** The prefixes of the sets of every value of each dimension this filter selects on. */
  List<String> dimensionPrefixes() {
    List<String> prefixes = new ArrayList<>();
    selections()
        .forEach(
            (dimension, values) -> {
              if (!values.isEmpty() || (peopleOnly && dimension.equals("env_kind"))) {
                prefixes.add(DayRollup.dimensionName(dimension, ""));
              }
            });
    return prefixes;
  }

  /**
   * The installs of a finished month this filter keeps, provided each of them reported one value
   * only, all month, of every dimension the filter selects on: then the filter keeps each on every
   * day it was seen that month or on none, so the month's sets restricted to them are exactly the
   * union of its days' sets restricted day by day.
   *
   * @param month the month's rollup, holding {@link #names()} and every set under {@link
   *     #dimensionPrefixes()}
   * @return the installs kept, or {@code null} when some install changed value within the month
   *     (its days must then be read one by one)
   */
  @Nullable RoaringBitmap keptThroughout(DayRollup month) {
    for (String prefix : dimensionPrefixes()) {
      RoaringBitmap seen = new RoaringBitmap();
      for (Map.Entry<String, RoaringBitmap> set : month.installs().entrySet()) {
        if (set.getKey().startsWith(prefix)) {
          if (RoaringBitmap.intersects(seen, set.getValue())) {
            return null;
          }
          seen.or(set.getValue());
        }
      }
    }
    return keptOn(month);
  }

  private static RoaringBitmap anyOf(DayRollup day, String dimension, Collection<String> values) {
    RoaringBitmap any = new RoaringBitmap();
    for (String value : values) {
      any.or(day.installsOf(DayRollup.dimensionName(dimension, value)));
    }
    return any;
  }

  /**
   * Whether a filter may be answered over a range: it must keep no installs or at least the fold's
   * minimum, and leave out none or at least that many. Otherwise comparing a filtered answer with
   * an unfiltered one would show figures of fewer installs than the fold allows.
   *
   * @param everyone the installs of the range
   * @param kept the installs of the range the filter keeps
   * @return whether both sides are large enough
   */
  static boolean separatesEnough(RoaringBitmap everyone, RoaringBitmap kept) {
    long in = kept.getLongCardinality();
    long out = everyone.getLongCardinality() - in;
    return (in == 0 || in >= Stats.MIN_GROUP_INSTALLS)
        && (out == 0 || out >= Stats.MIN_GROUP_INSTALLS);
  }

  /** Thrown when a filter would single out too few installs; answered 422. */
  public static final class TooNarrow extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooNarrow() {
      super(
          "the filters keep, or leave out, fewer than "
              + Stats.MIN_GROUP_INSTALLS
              + " installs of the range; widen them",
          null,
          false,
          false);
    }
  }
}
