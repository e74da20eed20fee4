/** Reading and writing the telemetry keys of the host's JSON configuration file. */
@NullMarked
package app.mcpproxy.telemetry.config;

import org.jspecify.annotations.NullMarked;
