/** Feature-flag and server-protocol snapshots derived from the host configuration. */
@NullMarked
package app.mcpproxy.telemetry.flags;

import org.jspecify.annotations.NullMarked;
