/** Small building blocks shared by the library's packages; not part of the API. */
package app.mcpproxy.telemetry.internal;
