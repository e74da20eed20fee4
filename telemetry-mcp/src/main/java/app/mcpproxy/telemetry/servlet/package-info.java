/** Counting a host's REST API requests in a Jakarta Servlet container, by route template. */
package app.mcpproxy.telemetry.servlet;
