package app.mcpproxy.telemetry.collector.statistics;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;

/** Requests for the views as the tests make them. */
final class TestRequests {
  private TestRequests() {}

  /** A request with an open-day cache of its own, so no run takes another's folds. */
  static StatsRequest uncached(
      LocalDate from, LocalDate to, StatsFilter filter, LocalDate firstOpen) {
    return new StatsRequest(
        from, to, filter, firstOpen, new OpenDayCache(Clock.systemUTC(), Duration.ZERO));
  }
}
