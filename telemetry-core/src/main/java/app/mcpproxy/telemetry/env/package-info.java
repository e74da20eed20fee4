/**
 * Classifiers of the process environment and launch source, the opt-out rules, and the probes they
 * use.
 */
@NullMarked
package app.mcpproxy.telemetry.env;

import org.jspecify.annotations.NullMarked;
