package app.mcpproxy.telemetry.collector;

/**
 * How many requests one source address may make: a token bucket that refills at {@code
 * permitsPerSecond} and holds at most {@code burst} tokens.
 *
 * @param permitsPerSecond sustained rate; 0 means no limit
 * @param burst requests allowed at once after a quiet period; at least 1 unless unlimited
 */
public record RateLimit(double permitsPerSecond, int burst) {

  /** Requests per second per address when nothing else is configured. */
  public static final int DEFAULT_PER_SECOND = 20;

  /** The default: 20 requests per second per address, bursts of 100. */
  public static final RateLimit DEFAULT = perSecond(DEFAULT_PER_SECOND);

  /** Rejects negative, infinite or non-numeric rates and bursts below 1. */
  public RateLimit {
    if (!(permitsPerSecond >= 0) || Double.isInfinite(permitsPerSecond)) {
      throw new IllegalArgumentException(
          "permitsPerSecond must be a finite number >= 0, got " + permitsPerSecond);
    }
    if (permitsPerSecond > 0 && burst < 1) {
      throw new IllegalArgumentException("burst must be >= 1, got " + burst);
    }
  }

  /**
   * A sustained rate with bursts of five seconds' worth, or no limit for 0.
   *
   * @param permitsPerSecond requests per second per address, 0 for no limit
   * @return the rate
   * @throws IllegalArgumentException for a negative, infinite or non-numeric rate
   */
  public static RateLimit perSecond(double permitsPerSecond) {
    if (permitsPerSecond == 0) {
      return unlimited();
    }
    return new RateLimit(permitsPerSecond, (int) Math.max(1, Math.ceil(permitsPerSecond * 5)));
  }

  /**
   * No limit at all, for load tests on a trusted machine.
   *
   * @return the unlimited rate
   */
  public static RateLimit unlimited() {
    return new RateLimit(0, 0);
  }

  /**
   * Tells whether this rate limits nothing.
   *
   * @return {@code true} for {@link #unlimited()}
   */
  public boolean isUnlimited() {
    return permitsPerSecond == 0;
  }
}
