package app.mcpproxy.telemetry.collector.http;

import app.mcpproxy.telemetry.collector.statistics.Activity;
import app.mcpproxy.telemetry.collector.statistics.Funnel;
import app.mcpproxy.telemetry.collector.statistics.OpenDayCache;
import app.mcpproxy.telemetry.collector.statistics.Retention;
import app.mcpproxy.telemetry.collector.statistics.RollupStats;
import app.mcpproxy.telemetry.collector.statistics.StatsFilter;
import app.mcpproxy.telemetry.collector.statistics.StatsQuery;
import app.mcpproxy.telemetry.collector.statistics.StatsRequest;
import app.mcpproxy.telemetry.collector.statistics.StatsView;
import app.mcpproxy.telemetry.collector.statistics.VersionAdoption;
import app.mcpproxy.telemetry.collector.storage.DayRollups;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.Fields;

/**
 * {@code GET /v1/stats} and {@code GET /v1/stats/{view}}: aggregates of a range of UTC days, by
 * default the last 30 days up to today on the collector's clock, for the installs the filters keep
 * ({@code env_kind}, {@code people_only}, {@code os}, {@code version}, {@code edition}), as JSON
 * or, with {@code format=csv}, as CSV.
 */
public final class StatsEndpoint {
  static final int DEFAULT_DAYS = 30;

  /** Four-digit years only: a range's arithmetic then never leaves what a date can hold. */
  private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

  /** A filter value: what the schema lets a version, OS, edition or environment be, and no more. */
  private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9._+-]{1,64}");

  private static final int MAX_VALUES = 16;

  private static final String CSV = "text/csv; charset=utf-8";

  /** The views, by the last segment of their path. */
  enum View {
    OVERVIEW,
    RETENTION,
    ACTIVITY,
    VERSIONS,
    FUNNEL;

    String path() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Optional<View> of(String path) {
      return Arrays.stream(values()).filter(view -> view.path().equals(path)).findFirst();
    }
  }

  /** What one request asks for. */
  private record Ask(View view, LocalDate from, LocalDate to, StatsFilter filter, boolean csv) {}

  private final QueryRunner queries;
  private final Clock clock;
  private final OpenDayCache openDays;

  public StatsEndpoint(QueryRunner queries, Clock clock, OpenDayCache openDays) {
    this.queries = queries;
    this.clock = clock;
    this.openDays = openDays;
  }

  void handle(Exchange exchange) {
    answer(exchange, View.OVERVIEW);
  }

  void handleView(Exchange exchange, String path) {
    Optional<View> view = View.of(path);
    if (view.isEmpty()) {
      exchange.reject(new Rejection(404, "not_found", "no such view"));
      return;
    }
    answer(exchange, view.get());
  }

  private void answer(Exchange exchange, View view) {
    Ask ask;
    try {
      ask = ask(exchange, view);
    } catch (Rejection rejection) {
      exchange.reject(rejection);
      return;
    }
    queries.run(
        exchange,
        connection -> compute(connection, ask),
        result -> {
          if (result instanceof Rejection rejection) {
            exchange.reject(rejection);
          } else if (ask.csv()) {
            exchange.header(
                HttpHeader.CONTENT_DISPOSITION,
                "attachment; filename=\"mcpproxy-telemetry-"
                    + ask.view().path()
                    + "-"
                    + ask.from()
                    + "-"
                    + ask.to()
                    + ".csv\"");
            exchange.text(200, CSV, ((StatsView) result).table().toCsv());
          } else {
            exchange.json(200, result);
          }
        });
  }

  private Object compute(Connection connection, Ask ask) throws SQLException {
    StatsRequest request =
        new StatsRequest(
            ask.from(), ask.to(), ask.filter(), DayRollups.firstOpenDay(clock.instant()), openDays);
    try {
      return switch (ask.view()) {
        case OVERVIEW -> RollupStats.run(connection, request);
        case RETENTION -> Retention.run(connection, request);
        case ACTIVITY -> Activity.run(connection, request);
        case VERSIONS -> VersionAdoption.run(connection, request);
        case FUNNEL -> Funnel.run(connection, request);
      };
    } catch (StatsFilter.TooNarrow e) {
      return new Rejection(
          422, "filter_too_narrow", Objects.requireNonNull(e.getMessage(), "TooNarrow's message"));
    }
  }

  private Ask ask(Exchange exchange, View view) throws Rejection {
    Fields parameters = QueryParameters.of(exchange.request());
    LocalDate to = date(parameters, "to", LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
    LocalDate from = date(parameters, "from", to.minusDays(DEFAULT_DAYS - 1L));
    if (from.isAfter(to)) {
      throw Rejection.badRequest("from must not be after to").with("field", "from");
    }
    if (ChronoUnit.DAYS.between(from, to) >= StatsQuery.MAX_DAYS) {
      throw Rejection.badRequest("the range may span at most " + StatsQuery.MAX_DAYS + " days")
          .with("field", "from");
    }
    String format = parameters.getValue("format");
    if (format != null && !format.isEmpty() && !format.equals("json") && !format.equals("csv")) {
      throw Rejection.badRequest("format must be json or csv").with("field", "format");
    }
    String people = parameters.getValue("people_only");
    if (people != null && !people.isEmpty() && !people.equals("true") && !people.equals("false")) {
      throw Rejection.badRequest("people_only must be true or false").with("field", "people_only");
    }
    StatsFilter filter =
        new StatsFilter(
            values(parameters, "env_kind"),
            "true".equals(people),
            values(parameters, "os"),
            values(parameters, "version"),
            values(parameters, "edition"));
    return new Ask(view, from, to, filter, "csv".equals(format));
  }

  /** A filter's values: the parameter repeated or comma-separated; empty when absent. */
  private static List<String> values(Fields parameters, String name) throws Rejection {
    List<String> values = new ArrayList<>();
    List<String> given = parameters.getValues(name);
    if (given == null) {
      return values;
    }
    for (String each : given) {
      for (String value : each.split(",", -1)) {
        if (value.isEmpty()) {
          continue;
        }
        if (!VALUE.matcher(value).matches()) {
          throw Rejection.badRequest(name + " values are 1 to 64 of A-Z a-z 0-9 . _ + -")
              .with("field", name);
        }
        if (!values.contains(value)) {
          values.add(value);
        }
      }
    }
    if (values.size() > MAX_VALUES) {
      throw Rejection.badRequest(name + " takes at most " + MAX_VALUES + " values")
          .with("field", name);
    }
    values.sort(null);
    return values;
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
