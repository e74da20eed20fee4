/** The anonymity scanner that every payload passes before it may leave the machine. */
@NullMarked
package app.mcpproxy.telemetry.privacy;

import org.jspecify.annotations.NullMarked;
