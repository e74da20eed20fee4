/**
 * Value types and fixed vocabularies of the heartbeat: enums with their wire strings and records.
 */
@NullMarked
package app.mcpproxy.telemetry.model;

import org.jspecify.annotations.NullMarked;
