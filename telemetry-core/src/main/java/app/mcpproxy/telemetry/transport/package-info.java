/** HTTP transport of heartbeats and feedback to the collector endpoint. */
@NullMarked
package app.mcpproxy.telemetry.transport;

import org.jspecify.annotations.NullMarked;
