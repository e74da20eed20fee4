/** Persistence in the embedded SQLite database {@code telemetry.db}. */
@NullMarked
package app.mcpproxy.telemetry.store;

import org.jspecify.annotations.NullMarked;
