package app.mcpproxy.telemetry.spring;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code mcpproxy.telemetry.*} settings of the auto-configuration.
 *
 * <pre>
 * mcpproxy.telemetry.version=1.4.2
 * mcpproxy.telemetry.config=${user.home}/.myserver/mcp_config.json
 * mcpproxy.telemetry.builtin-tools.search_tools=retrieve_tools
 * mcpproxy.telemetry.rest-routes=/api/v1/servers,/api/v1/servers/{name}
 * </pre>
 *
 * @param version the host version; telemetry stays off unless it is semver
 * @param config the host's config file, where the anonymous id and the opt-out live; defaults to
 *     {@code ~/.mcpproxy/mcp_config.json}
 * @param dataDir the directory of {@code telemetry.db}; defaults to the config's, else {@code
 *     ~/.mcpproxy}
 * @param endpoint where heartbeats go; defaults to the config's, else the project's collector
 * @param start whether to start the heartbeat loop with the application; defaults to {@code true}
 * @param builtinTools the host's tool names that are built-in tools, with the built-in tool's wire
 *     name ({@code retrieve_tools}, {@code call_tool_read}, …); every other tool is upstream
 * @param restRoutes the REST route templates counted by name; with none, no REST filter is added
 */
@ConfigurationProperties("mcpproxy.telemetry")
public record McpTelemetryProperties(
    @DefaultValue("") String version,
    Path config,
    Path dataDir,
    URI endpoint,
    @DefaultValue("true") boolean start,
    Map<String, String> builtinTools,
    List<String> restRoutes) {

  /** Fills absent maps and lists with empty ones. */
  public McpTelemetryProperties {
    builtinTools = builtinTools == null ? Map.of() : Map.copyOf(builtinTools);
    restRoutes = restRoutes == null ? List.of() : List.copyOf(restRoutes);
  }
}
