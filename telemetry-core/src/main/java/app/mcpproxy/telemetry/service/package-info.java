/** The telemetry service that wires counters, classifiers, storage, scanner and transport. */
@NullMarked
package app.mcpproxy.telemetry.service;

import org.jspecify.annotations.NullMarked;
