/**
 * Privacy-respecting usage telemetry for MCP proxies: record, inspect, scan and send.
 *
 * <p>A host needs {@code app.mcpproxy.telemetry.service} (the {@code TelemetryService}) and the
 * types its methods take and return. Storage, the payload writer, the anonymity scanner's parts and
 * the transport are internal: reached only by this project's own tools, named below.
 */
@SuppressWarnings("module") // The sibling modules are compiled after this one.
module app.mcpproxy.telemetry {
  requires com.fasterxml.jackson.databind;
  requires transitive java.net.http;
  requires java.sql;
  requires static transitive org.jspecify;
  requires org.xerial.sqlitejdbc;

  exports app.mcpproxy.telemetry.activation;
  exports app.mcpproxy.telemetry.config;
  exports app.mcpproxy.telemetry.counters;
  exports app.mcpproxy.telemetry.env;
  exports app.mcpproxy.telemetry.feedback;
  exports app.mcpproxy.telemetry.model;
  exports app.mcpproxy.telemetry.service;
  exports app.mcpproxy.telemetry.privacy to
      app.mcpproxy.telemetry.collector;
  exports app.mcpproxy.telemetry.store to
      app.mcpproxy.telemetry.cli;
}
