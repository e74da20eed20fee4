/** A benchmark tool that writes a realistic fleet through the collector's storage write path. */
@NullMarked
package app.mcpproxy.telemetry.collector.fleet;

import org.jspecify.annotations.NullMarked;
