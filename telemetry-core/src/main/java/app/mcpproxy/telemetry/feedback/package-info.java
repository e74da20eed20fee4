/** Validation and rate limiting of user feedback. */
package app.mcpproxy.telemetry.feedback;
