/** Persistence in the embedded SQLite database {@code telemetry.db}. */
package app.mcpproxy.telemetry.store;
