/**
 * Drop-in telemetry for servers, gateways and proxies built on the official MCP Java SDK: {@link
 * app.mcpproxy.telemetry.mcp.McpTelemetry} for servers, {@link
 * app.mcpproxy.telemetry.mcp.McpClientTelemetry} for the clients a proxy opens to its upstreams.
 */
@NullMarked
package app.mcpproxy.telemetry.mcp;

import org.jspecify.annotations.NullMarked;
