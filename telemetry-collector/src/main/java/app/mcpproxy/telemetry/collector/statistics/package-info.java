/** The collector's statistics: dashboard views answered from per-day rollups, and filters. */
@NullMarked
package app.mcpproxy.telemetry.collector.statistics;

import org.jspecify.annotations.NullMarked;
