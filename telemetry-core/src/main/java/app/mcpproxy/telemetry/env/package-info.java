/**
 * Classifiers of the process environment and launch source, the opt-out rules, and the probes they
 * use.
 */
package app.mcpproxy.telemetry.env;
