package app.mcpproxy.telemetry.counters;

/** Coarse buckets that stand in for exact counts on the wire, so no single number identifies. */
public final class Buckets {
  private Buckets() {}

  /**
   * Buckets an estimated token count: {@code 0}, {@code 1_100}, {@code 100_1k}, {@code 1k_10k},
   * {@code 10k_100k} or {@code 100k_plus}; each label's upper edge is inclusive.
   *
   * @param n the token count; zero and negative counts give {@code 0}
   * @return the bucket label
   */
  public static String tokens(long n) {
    if (n <= 0) {
      return "0";
    }
    if (n <= 100) {
      return "1_100";
    }
    if (n <= 1_000) {
      return "100_1k";
    }
    if (n <= 10_000) {
      return "1k_10k";
    }
    if (n <= 100_000) {
      return "10k_100k";
    }
    return "100k_plus";
  }

  /**
   * Buckets a number of upstream tool calls: {@code 0}, {@code 1-10}, {@code 11-100}, {@code
   * 101-1000} or {@code 1000+} (more than 1000).
   *
   * @param n the number of calls
   * @return the bucket label
   * @throws IllegalArgumentException if {@code n} is negative
   */
  public static String upstreamToolCalls(long n) {
    if (n < 0) {
      throw new IllegalArgumentException("upstream tool call count must be >= 0, got " + n);
    }
    if (n == 0) {
      return "0";
    }
    if (n <= 10) {
      return "1-10";
    }
    if (n <= 100) {
      return "11-100";
    }
    if (n <= 1_000) {
      return "101-1000";
    }
    return "1000+";
  }
}
