/** Reading and writing the telemetry keys of the host's JSON configuration file. */
package app.mcpproxy.telemetry.config;
