/**
 * Spring Boot auto-configuration of telemetry for Spring AI MCP servers and Spring MVC REST APIs.
 */
@NullMarked
package app.mcpproxy.telemetry.spring;

import org.jspecify.annotations.NullMarked;
