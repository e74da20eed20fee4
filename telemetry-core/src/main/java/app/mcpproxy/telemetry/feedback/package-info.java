/** Validation and rate limiting of user feedback. */
@NullMarked
package app.mcpproxy.telemetry.feedback;

import org.jspecify.annotations.NullMarked;
