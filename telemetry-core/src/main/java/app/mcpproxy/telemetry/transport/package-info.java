/** HTTP transport of heartbeats and feedback to the collector endpoint. */
package app.mcpproxy.telemetry.transport;
