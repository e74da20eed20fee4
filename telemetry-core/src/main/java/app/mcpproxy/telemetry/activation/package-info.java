/** The retention funnel: activation state, its store contract, and client-name sanitising. */
package app.mcpproxy.telemetry.activation;
