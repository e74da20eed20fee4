/**
 * In-memory usage counters: lock-free recording, snapshots, and reset that subtracts what was sent.
 */
package app.mcpproxy.telemetry.counters;
