/** The retention funnel: activation state, its store contract, and client-name sanitising. */
@NullMarked
package app.mcpproxy.telemetry.activation;

import org.jspecify.annotations.NullMarked;
