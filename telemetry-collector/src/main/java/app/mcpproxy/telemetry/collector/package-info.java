/** The collector server, its options and command line, and the value types its layers share. */
@NullMarked
package app.mcpproxy.telemetry.collector;

import org.jspecify.annotations.NullMarked;
