/** The anonymity scanner that every payload passes before it may leave the machine. */
package app.mcpproxy.telemetry.privacy;
