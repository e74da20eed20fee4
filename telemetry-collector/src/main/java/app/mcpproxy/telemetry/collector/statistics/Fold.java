package app.mcpproxy.telemetry.collector.statistics;

import org.jspecify.annotations.Nullable;

/** The fold every figure passes before it leaves: no count of 1 to 4 installs is shown. */
final class Fold {
  private Fold() {}

  /** The count itself when it is 0 or at least the minimum, else {@code null} (withheld). */
  static @Nullable Long installs(long installs) {
    return installs == 0 || installs >= Stats.MIN_GROUP_INSTALLS ? installs : null;
  }

  /**
   * A share of two shown counts, to four decimals; {@code null} when either is withheld or 0 of 0.
   */
  static @Nullable Double share(@Nullable Long part, @Nullable Long whole) {
    if (part == null || whole == null || whole == 0) {
      return null;
    }
    return Math.round(part * 10_000.0 / whole) / 10_000.0;
  }
}
