/**
 * Value types and fixed vocabularies of the heartbeat: enums with their wire strings and records.
 */
package app.mcpproxy.telemetry.model;
