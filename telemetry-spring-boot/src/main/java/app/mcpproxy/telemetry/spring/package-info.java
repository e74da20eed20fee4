/**
 * Spring Boot auto-configuration of telemetry for Spring AI MCP servers and Spring MVC REST APIs.
 */
package app.mcpproxy.telemetry.spring;
