/** Serialisation of the heartbeat payload to its JSON wire form. */
package app.mcpproxy.telemetry.payload;
