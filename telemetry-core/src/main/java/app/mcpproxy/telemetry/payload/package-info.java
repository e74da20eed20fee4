/** Serialisation of the heartbeat payload to its JSON wire form. */
@NullMarked
package app.mcpproxy.telemetry.payload;

import org.jspecify.annotations.NullMarked;
