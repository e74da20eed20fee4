package app.mcpproxy.telemetry.collector.statistics;

/** One view of the statistics: its JSON is the record itself; its CSV is {@link #table()}. */
public interface StatsView {
  /** The view's figures as one table. */
  CsvTable table();
}
