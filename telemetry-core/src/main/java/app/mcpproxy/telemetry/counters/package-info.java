/**
 * In-memory usage counters: lock-free recording, snapshots, and reset that subtracts what was sent.
 */
@NullMarked
package app.mcpproxy.telemetry.counters;

import org.jspecify.annotations.NullMarked;
