package app.mcpproxy.telemetry.store;

/** Argument checks shared by the logs. */
final class Limits {
  private Limits() {}

  static void requireNotNegative(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative, got " + limit);
    }
  }
}
