package app.mcpproxy.telemetry.collector.http;

import app.mcpproxy.telemetry.collector.statistics.OpenDayCache;
import app.mcpproxy.telemetry.collector.statistics.RollupStats;
import app.mcpproxy.telemetry.collector.statistics.StatsQuery;
import app.mcpproxy.telemetry.collector.storage.DayRollups;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;
import org.eclipse.jetty.util.Fields;

/**
 * {@code GET /v1/stats?from=DATE&to=DATE}: aggregates of a range of UTC days, by default the last
 * 30 days up to today on the collector's clock.
 */
public final class StatsEndpoint {
  static final int DEFAULT_DAYS = 30;

  /** Four-digit years only: a range's arithmetic then never leaves what a date can hold. */
  private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

  private final QueryRunner queries;
  private final Clock clock;
  private final OpenDayCache openDays;

  public StatsEndpoint(QueryRunner queries, Clock clock, OpenDayCache openDays) {
    this.queries = queries;
    this.clock = clock;
    this.openDays = openDays;
  }

  void handle(Exchange exchange) {
    LocalDate from;
    LocalDate to;
    try {
      Fields parameters = QueryParameters.of(exchange.request());
      to = date(parameters, "to", LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
      from = date(parameters, "from", to.minusDays(DEFAULT_DAYS - 1L));
      if (from.isAfter(to)) {
        throw Rejection.badRequest("from must not be after to").with("field", "from");
      }
      if (ChronoUnit.DAYS.between(from, to) >= StatsQuery.MAX_DAYS) {
        throw Rejection.badRequest("the range may span at most " + StatsQuery.MAX_DAYS + " days")
            .with("field", "from");
      }
    } catch (Rejection rejection) {
      exchange.reject(rejection);
      return;
    }
    queries.run(
        exchange,
        connection ->
            RollupStats.run(
                connection, from, to, DayRollups.firstOpenDay(clock.instant()), openDays),
        stats -> exchange.json(200, stats));
  }

  private static LocalDate date(Fields parameters, String name, LocalDate fallback)
      throws Rejection {
    String value = parameters.getValue(name);
    if (value == null || value.isEmpty()) {
      return fallback;
    }
    if (DATE.matcher(value).matches()) {
      try {
        return LocalDate.parse(value);
      } catch (DateTimeParseException e) {
        // Answered below like any other malformed date.
      }
    }
    throw Rejection.badRequest(name + " must be a date as YYYY-MM-DD").with("field", name);
  }
}
