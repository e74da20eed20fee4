/** Feature-flag and server-protocol snapshots derived from the host configuration. */
package app.mcpproxy.telemetry.flags;
