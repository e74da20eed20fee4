package app.mcpproxy.telemetry.collector;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;

/**
 * {@code GET /v1/stats?from=DATE&to=DATE}: aggregates of a range of UTC days, by default the last
 * 30 days up to today on the collector's clock.
 */
final class StatsEndpoint {
  static final int DEFAULT_DAYS = 30;

  private final QueryRunner queries;
  private final Clock clock;

  StatsEndpoint(QueryRunner queries, Clock clock) {
    this.queries = queries;
    this.clock = clock;
  }

  void handle(Exchange exchange) {
    LocalDate from;
    LocalDate to;
    try {
      Fields parameters = Request.extractQueryParameters(exchange.request());
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
        connection -> StatsQuery.run(connection, from, to),
        stats -> exchange.json(200, stats));
  }

  private static LocalDate date(Fields parameters, String name, LocalDate fallback)
      throws Rejection {
    String value = parameters.getValue(name);
    if (value == null || value.isEmpty()) {
      return fallback;
    }
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw Rejection.badRequest(name + " must be a date as YYYY-MM-DD").with("field", name);
    }
  }
}
