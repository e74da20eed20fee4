/** The {@code mcpproxy-telemetry} command line: status, payload preview, consent and the log. */
@NullMarked
package app.mcpproxy.telemetry.cli;

import org.jspecify.annotations.NullMarked;
