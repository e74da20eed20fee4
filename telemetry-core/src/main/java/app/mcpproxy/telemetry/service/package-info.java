/** The telemetry service that wires counters, classifiers, storage, scanner and transport. */
package app.mcpproxy.telemetry.service;
