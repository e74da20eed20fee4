/**
 * The self-hosted receiving end of heartbeats and feedback: {@link
 * app.mcpproxy.telemetry.collector.Collector} and its command line. Its HTTP, storage, statistics
 * and fleet-generator packages are internal.
 */
@SuppressWarnings({
  "module",
  "requires-automatic"
}) // Flyway and the PostgreSQL driver have no descriptor.
module app.mcpproxy.telemetry.collector {
  requires app.mcpproxy.telemetry;
  requires com.fasterxml.jackson.databind;
  requires com.networknt.schema;
  requires com.zaxxer.hikari;
  requires flyway.core;
  requires info.picocli;
  requires io.prometheus.metrics.core;
  requires io.prometheus.metrics.model;
  requires io.prometheus.writer.text;
  requires transitive java.sql;
  requires org.eclipse.jetty.server;
  requires static transitive org.jspecify;
  requires org.postgresql.jdbc;
  requires org.xerial.sqlitejdbc;
  requires roaringbitmap;

  exports app.mcpproxy.telemetry.collector;

  // picocli reads the command line's annotations and sets its fields.
  opens app.mcpproxy.telemetry.collector to
      info.picocli;
}
