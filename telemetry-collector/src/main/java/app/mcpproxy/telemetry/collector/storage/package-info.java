/** The collector's storage: the database, the group-commit writer, the tables and the rollups. */
@NullMarked
package app.mcpproxy.telemetry.collector.storage;

import org.jspecify.annotations.NullMarked;
