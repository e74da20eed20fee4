/** Privacy-respecting usage telemetry for MCP proxies: record, inspect, scan and send. */
module app.mcpproxy.telemetry {
  requires transitive com.fasterxml.jackson.databind;
  requires transitive java.net.http;
  requires java.sql;
  requires static transitive org.jspecify;
  requires org.xerial.sqlitejdbc;

  exports app.mcpproxy.telemetry.activation;
  exports app.mcpproxy.telemetry.config;
  exports app.mcpproxy.telemetry.counters;
  exports app.mcpproxy.telemetry.env;
  exports app.mcpproxy.telemetry.feedback;
  exports app.mcpproxy.telemetry.flags;
  exports app.mcpproxy.telemetry.model;
  exports app.mcpproxy.telemetry.payload;
  exports app.mcpproxy.telemetry.privacy;
  exports app.mcpproxy.telemetry.service;
  exports app.mcpproxy.telemetry.store;
}
