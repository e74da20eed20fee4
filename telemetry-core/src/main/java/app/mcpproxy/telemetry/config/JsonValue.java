package app.mcpproxy.telemetry.config;

/**
 * A node of a JSON document that remembers how its scalars were written, so that a document read
 * from disk can be written back without changing any value it does not edit.
 */
sealed interface JsonValue permits JsonObject, JsonArray, JsonScalar {}
