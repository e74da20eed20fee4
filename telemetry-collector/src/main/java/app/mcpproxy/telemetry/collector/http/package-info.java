/** The collector's HTTP layer: routing, endpoints, intake and validation, limits and assets. */
@NullMarked
package app.mcpproxy.telemetry.collector.http;

import org.jspecify.annotations.NullMarked;
