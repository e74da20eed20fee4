/** Counting a host's REST API requests in a Jakarta Servlet container, by route template. */
@NullMarked
package app.mcpproxy.telemetry.servlet;

import org.jspecify.annotations.NullMarked;
