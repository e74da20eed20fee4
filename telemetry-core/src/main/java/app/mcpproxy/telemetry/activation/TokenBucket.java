package app.mcpproxy.telemetry.activation;

/**
 * Maps a token count to the bucket reported on the wire.
 *
 * <p>A package-private copy of the counters package's token bucketing, kept here so the activation
 * package depends on nothing but the model.
 */
final class TokenBucket {
  private TokenBucket() {}

  static String of(long tokens) {
    if (tokens <= 0) {
      return "0";
    }
    if (tokens <= 100) {
      return "1_100";
    }
    if (tokens <= 1_000) {
      return "100_1k";
    }
    if (tokens <= 10_000) {
      return "1k_10k";
    }
    if (tokens <= 100_000) {
      return "10k_100k";
    }
    return "100k_plus";
  }
}
