package app.mcpproxy.telemetry.collector.statistics;

import java.time.LocalDate;

/**
 * What a statistics view is asked for: a range of UTC days, the installs that count, and where the
 * days not closed yet come from.
 *
 * @param from first day, inclusive
 * @param to last day, inclusive
 * @param filter which installs count
 * @param firstOpenDay the first day not closed yet (today, on the collector's clock)
 * @param openDays the open days' rollups
 */
public record StatsRequest(
    LocalDate from,
    LocalDate to,
    StatsFilter filter,
    LocalDate firstOpenDay,
    OpenDayCache openDays) {}
