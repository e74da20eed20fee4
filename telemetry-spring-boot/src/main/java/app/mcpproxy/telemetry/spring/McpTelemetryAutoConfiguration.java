package app.mcpproxy.telemetry.spring;

import app.mcpproxy.telemetry.config.ConfigException;
import app.mcpproxy.telemetry.mcp.FailureMapping;
import app.mcpproxy.telemetry.mcp.McpTelemetry;
import app.mcpproxy.telemetry.mcp.ToolMapping;
import app.mcpproxy.telemetry.model.BuiltinTool;
import app.mcpproxy.telemetry.service.TelemetryService;
import app.mcpproxy.telemetry.servlet.TelemetryFilter;
import io.modelcontextprotocol.server.McpServerFeatures;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Telemetry for a Spring AI MCP server on the official MCP Java SDK: builds the {@link
 * TelemetryService} from {@code mcpproxy.telemetry.*} (unless the application defines one), wraps
 * every tool specification bean with {@link McpTelemetry}, counts requests on the MCP endpoint, and
 * adds the REST {@link TelemetryFilter} when route templates are declared. A {@link FailureMapping}
 * bean, if any, maps failed tool calls to error categories.
 */
@AutoConfiguration
@ConditionalOnClass({McpServerFeatures.class, TelemetryService.class})
@EnableConfigurationProperties(McpTelemetryProperties.class)
public class McpTelemetryAutoConfiguration {
  static final String MCP_ENDPOINT_PROPERTY = "spring.ai.mcp.server.streamable-http.mcp-endpoint";

  /** Creates the auto-configuration. */
  public McpTelemetryAutoConfiguration() {}

  /**
   * The telemetry service, started unless {@code mcpproxy.telemetry.start=false}.
   *
   * @param properties the settings
   * @return the service, closed with the context
   * @throws ConfigException when the config file exists but cannot be read
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public TelemetryService telemetryService(McpTelemetryProperties properties)
      throws ConfigException {
    TelemetryService.Builder builder =
        TelemetryService.builder()
            .config(
                properties.config() != null
                    ? properties.config()
                    : Path.of(System.getProperty("user.home"), ".mcpproxy", "mcp_config.json"))
            .version(properties.version())
            .restRoutes(properties.restRoutes());
    if (properties.dataDir() != null) {
      builder.dataDir(properties.dataDir());
    }
    if (properties.endpoint() != null) {
      builder.endpoint(properties.endpoint());
    }
    TelemetryService service = builder.build();
    if (properties.start()) {
      service.start();
    }
    return service;
  }

  /**
   * The MCP instrumentation.
   *
   * @param service the telemetry service
   * @param properties the settings, for the built-in tools
   * @param failures the application's failure mapping, if it defines one
   * @return the instrumentation
   * @throws IllegalArgumentException naming a built-in tool that does not exist
   */
  @Bean
  @ConditionalOnMissingBean
  public McpTelemetry mcpTelemetry(
      TelemetryService service,
      McpTelemetryProperties properties,
      ObjectProvider<FailureMapping> failures) {
    Map<String, BuiltinTool> builtin = new HashMap<>();
    properties
        .builtinTools()
        .forEach(
            (tool, wireName) ->
                builtin.put(
                    tool,
                    BuiltinTool.fromWireName(wireName)
                        .orElseThrow(
                            () ->
                                new IllegalArgumentException(
                                    "mcpproxy.telemetry.builtin-tools."
                                        + tool
                                        + " is not a built-in tool: "
                                        + wireName))));
    return McpTelemetry.builder(service)
        .toolMapping(ToolMapping.of(builtin))
        .failureMapping(failures.getIfAvailable(FailureMapping::none))
        .build();
  }

  /**
   * Wraps every tool specification bean with the instrumentation.
   *
   * @param telemetry the instrumentation, looked up when the first tool bean appears
   * @return the post-processor
   */
  @Bean
  static BeanPostProcessor mcpToolSpecificationInstrumenter(
      ObjectProvider<McpTelemetry> telemetry) {
    return new ToolSpecificationInstrumenter(telemetry);
  }

  /** The servlet filters, in servlet web applications only. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass(FilterRegistrationBean.class)
  static class ServletFilters {
    @Bean
    FilterRegistrationBean<McpEndpointFilter> mcpEndpointTelemetryFilter(
        TelemetryService service, Environment environment) {
      FilterRegistrationBean<McpEndpointFilter> registration =
          new FilterRegistrationBean<>(new McpEndpointFilter(service.registry()));
      registration.addUrlPatterns(environment.getProperty(MCP_ENDPOINT_PROPERTY, "/mcp"));
      registration.setAsyncSupported(true);
      return registration;
    }

    @Bean
    FilterRegistrationBean<TelemetryFilter> restTelemetryFilter(TelemetryService service) {
      FilterRegistrationBean<TelemetryFilter> registration =
          new FilterRegistrationBean<>(TelemetryFilter.builder(service).build());
      registration.addUrlPatterns("/*");
      registration.setAsyncSupported(true);
      registration.setEnabled(!service.registry().vocabulary().restRoutes().isEmpty());
      return registration;
    }
  }
}
